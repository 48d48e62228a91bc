package dev.tributary.callbacks;

import java.net.InetAddress;
import java.net.UnknownHostException;

/** Turns a host name into its addresses; the system's DNS unless a test puts another in its place. */
@FunctionalInterface
interface HostResolver {

    HostResolver SYSTEM = InetAddress::getAllByName;

    InetAddress[] resolve(String host) throws UnknownHostException;
}

package dev.tributary.callbacks;

import java.util.Arrays;

/** Byte-level facts about IP addresses that the JDK does not answer. */
final class Addresses {

    private Addresses() {
    }

    /** {@code ::ffff:a.b.c.d}. */
    static boolean isMapped(byte[] bytes) {
        if (bytes.length != 16) {
            return false;
        }
        for (int i = 0; i < 10; i++) {
            if (bytes[i] != 0) {
                return false;
            }
        }
        return bytes[10] == (byte) 0xff && bytes[11] == (byte) 0xff;
    }

    /** The IPv4 bytes of an IPv4-mapped IPv6 address; other addresses unchanged. */
    static byte[] unmapped(byte[] bytes) {
        return isMapped(bytes) ? Arrays.copyOfRange(bytes, 12, 16) : bytes;
    }

    /**
     * The IPv4 address an IPv6 address carries where a gateway or the stack may reach it: IPv4-compatible
     * ({@code ::a.b.c.d}, deprecated), NAT64 ({@code 64:ff9b::a.b.c.d}) and 6to4 ({@code 2002:AABB:CCDD::}); else null.
     */
    static byte[] embeddedIpv4(byte[] bytes) {
        if (bytes.length != 16) {
            return null;
        }
        if (startsWith(bytes, new byte[12])) {
            return Arrays.copyOfRange(bytes, 12, 16);
        }
        if (startsWith(bytes, new byte[] {0, 0x64, (byte) 0xff, (byte) 0x9b, 0, 0, 0, 0, 0, 0, 0, 0})) {
            return Arrays.copyOfRange(bytes, 12, 16);
        }
        if (bytes[0] == 0x20 && bytes[1] == 0x02) {
            return Arrays.copyOfRange(bytes, 2, 6);
        }
        return null;
    }

    private static boolean startsWith(byte[] bytes, byte[] prefix) {
        return Arrays.equals(bytes, 0, prefix.length, prefix, 0, prefix.length);
    }
}

package dev.tributary.callbacks;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Arrays;
import java.util.regex.Pattern;

/** An IPv4 or IPv6 address block such as {@code 10.0.0.0/8} or {@code fd00::/8}, parsed without DNS. */
final class Cidr {

    private static final Pattern DOTTED_QUAD = Pattern.compile("\\d{1,3}(\\.\\d{1,3}){3}");

    private final byte[] network;
    private final int prefix;
    private final String text;

    private Cidr(byte[] network, int prefix) {
        this.network = network;
        this.prefix = prefix;
        this.text = literal(network) + "/" + prefix;
    }

    /**
     * Parses {@code address/prefix}; an address without a prefix is a single host. IPv4-mapped IPv6
     * blocks ({@code ::ffff:10.0.0.0/104}) become the IPv4 block they cover.
     *
     * @throws IllegalArgumentException saying what is wrong with {@code value}
     */
    public static Cidr parse(String value) {
        String text = value == null ? "" : value.strip();
        int slash = text.indexOf('/');
        String address = slash < 0 ? text : text.substring(0, slash);
        byte[] bytes = literalBytes(address);
        if (bytes == null) {
            throw new IllegalArgumentException("'" + text + "' is not an IPv4 or IPv6 CIDR such as 10.0.0.0/8 or fd00::/8");
        }
        int prefix = bytes.length * 8;
        if (slash >= 0) {
            try {
                prefix = Integer.parseInt(text.substring(slash + 1));
            } catch (NumberFormatException e) {
                prefix = -1;
            }
            if (prefix < 0 || prefix > bytes.length * 8) {
                throw new IllegalArgumentException("'" + text + "' has a prefix length outside 0.." + bytes.length * 8);
            }
        }
        if (bytes.length == 16 && prefix >= 96 && Addresses.isMapped(bytes)) {
            bytes = Arrays.copyOfRange(bytes, 12, 16);
            prefix -= 96;
        }
        return new Cidr(mask(bytes, prefix), prefix);
    }

    /** Whether {@code address} (IPv4-mapped IPv6 counts as IPv4) lies in this block. */
    public boolean contains(InetAddress address) {
        byte[] bytes = Addresses.unmapped(address.getAddress());
        return bytes.length == network.length && Arrays.equals(mask(bytes, prefix), network);
    }

    @Override
    public String toString() {
        return text;
    }

    private static byte[] mask(byte[] bytes, int prefix) {
        byte[] masked = bytes.clone();
        for (int i = 0; i < masked.length; i++) {
            int bits = Math.max(0, Math.min(8, prefix - i * 8));
            masked[i] &= (byte) (0xff << (8 - bits));
        }
        return masked;
    }

    /** An IP literal's bytes, or null; never asks DNS. */
    private static byte[] literalBytes(String address) {
        if (address.contains(":")) {
            try {
                // With a colon the JDK parses an IPv6 literal and never resolves a name.
                return ipv6Bytes(InetAddress.getByName(address));
            } catch (UnknownHostException | SecurityException e) {
                return null;
            }
        }
        if (!DOTTED_QUAD.matcher(address).matches()) {
            return null;
        }
        String[] parts = address.split("\\.");
        byte[] bytes = new byte[4];
        for (int i = 0; i < 4; i++) {
            int part = Integer.parseInt(parts[i]);
            if (part > 255) {
                return null;
            }
            bytes[i] = (byte) part;
        }
        return bytes;
    }

    private static String literal(byte[] bytes) {
        try {
            return InetAddress.getByAddress(bytes).getHostAddress();
        } catch (UnknownHostException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The JDK hands {@code ::ffff:a.b.c.d} back as IPv4; keep such literals IPv6 so the prefix means what was written. */
    private static byte[] ipv6Bytes(InetAddress address) {
        if (address instanceof Inet6Address) {
            return address.getAddress();
        }
        byte[] mapped = new byte[16];
        mapped[10] = (byte) 0xff;
        mapped[11] = (byte) 0xff;
        System.arraycopy(address.getAddress(), 0, mapped, 12, 4);
        return mapped;
    }
}

package dev.tributary.callbacks;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * Which addresses a callback may be sent to. Production refuses loopback, private, link-local,
 * unspecified, carrier-grade NAT, multicast, reserved and cloud metadata addresses (also when an
 * IPv6 address carries one of them); the sandbox refuses only cloud metadata. An address inside one
 * of the allowed blocks ({@code TRIBUTARY_CALLBACK_ALLOW}) is always accepted. Pure: no DNS.
 */
final class CallbackAddressPolicy {

    /** The environment variable that lists the allowed blocks. */
    public static final String ALLOW_VARIABLE = "TRIBUTARY_CALLBACK_ALLOW";

    /** Names of cloud metadata services, refused whatever they resolve to. */
    static final Set<String> METADATA_HOSTS = Set.of("metadata.google.internal", "metadata.goog", "metadata",
            "instance-data", "instance-data.ec2.internal", "metadata.azure.internal");

    private static final java.util.regex.Pattern NUMERIC_PART = java.util.regex.Pattern.compile("0x[0-9a-f]*|[0-9]+");

    /** Why an address is not a public one; the label reads "resolves to {label} {address}". */
    public enum Kind {
        UNSPECIFIED("an unspecified address"),
        LOOPBACK("loopback"),
        METADATA("the cloud metadata address"),
        LINK_LOCAL("a link-local address"),
        PRIVATE("a private address"),
        CARRIER_GRADE_NAT("a carrier-grade NAT address"),
        MULTICAST("a multicast address"),
        RESERVED("a reserved address");

        private final String label;

        Kind(String label) {
            this.label = label;
        }

        public String label() {
            return label;
        }
    }

    /** Why a callback is refused, as "resolves to loopback 127.0.0.1"; {@code allowable} when the allow-list could admit it. */
    public record Refusal(String reason, boolean allowable) {
    }

    private final boolean production;
    private final List<Cidr> allowed;

    public CallbackAddressPolicy(boolean production, List<Cidr> allowed) {
        this.production = production;
        this.allowed = List.copyOf(allowed);
    }

    /** Why a callback must not go to {@code address}; empty when it may. */
    public Optional<Refusal> refusal(InetAddress address) {
        Optional<Kind> kind = kindOf(address.getAddress());
        if (kind.isEmpty() || (!production && kind.get() != Kind.METADATA)) {
            return Optional.empty();
        }
        if (allowed.stream().anyMatch(block -> block.contains(address))) {
            return Optional.empty();
        }
        return Optional.of(new Refusal("resolves to " + kind.get().label() + " " + address.getHostAddress(), true));
    }

    /**
     * What the host's name alone says, before DNS: a cloud metadata name, or an IPv4 address in one
     * of the spellings C resolvers accept ({@code 2130706433}, {@code 0x7f.1}, {@code 0177.0.0.1},
     * {@code 127.1}) that the JDK may read differently or not at all.
     */
    public Optional<Refusal> refusal(String host) {
        String name = normalized(host);
        if (METADATA_HOSTS.contains(name)) {
            return Optional.of(new Refusal("names the cloud metadata host " + name, false));
        }
        byte[] numeric = numericIpv4(name);
        if (numeric != null) {
            try {
                return refusal(InetAddress.getByAddress(numeric));
            } catch (UnknownHostException e) {
                throw new IllegalStateException(e);
            }
        }
        return Optional.empty();
    }

    /** The kind of a non-public address, or empty for a public one. IPv4-mapped IPv6 counts as IPv4. */
    public static Optional<Kind> kindOf(byte[] address) {
        byte[] bytes = Addresses.unmapped(address);
        return bytes.length == 4 ? ipv4Kind(bytes) : ipv6Kind(bytes);
    }

    private static Optional<Kind> ipv4Kind(byte[] b) {
        int a0 = b[0] & 0xff;
        int a1 = b[1] & 0xff;
        int a2 = b[2] & 0xff;
        int a3 = b[3] & 0xff;
        Kind kind = null;
        if (a0 == 0) {
            kind = Kind.UNSPECIFIED;
        } else if (a0 == 127) {
            kind = Kind.LOOPBACK;
        } else if ((a0 == 169 && a1 == 254 && a2 == 169 && a3 == 254) || (a0 == 100 && a1 == 100 && a2 == 100 && a3 == 200)) {
            kind = Kind.METADATA;
        } else if (a0 == 169 && a1 == 254) {
            kind = Kind.LINK_LOCAL;
        } else if (a0 == 10 || (a0 == 172 && (a1 & 0xf0) == 16) || (a0 == 192 && a1 == 168)) {
            kind = Kind.PRIVATE;
        } else if (a0 == 100 && (a1 & 0xc0) == 64) {
            kind = Kind.CARRIER_GRADE_NAT;
        } else if ((a0 & 0xf0) == 224) {
            kind = Kind.MULTICAST;
        } else if ((a0 & 0xf0) == 240) {
            kind = Kind.RESERVED;
        }
        return Optional.ofNullable(kind);
    }

    private static Optional<Kind> ipv6Kind(byte[] b) {
        boolean zeroUpTo15 = true;
        for (int i = 0; i < 15; i++) {
            zeroUpTo15 &= b[i] == 0;
        }
        if (zeroUpTo15 && b[15] == 0) {
            return Optional.of(Kind.UNSPECIFIED);
        }
        if (zeroUpTo15 && b[15] == 1) {
            return Optional.of(Kind.LOOPBACK);
        }
        int first = b[0] & 0xff;
        int second = b[1] & 0xff;
        if (isAwsMetadata(b)) {
            return Optional.of(Kind.METADATA);
        }
        if (first == 0xfe && (second & 0xc0) == 0x80) {
            return Optional.of(Kind.LINK_LOCAL);
        }
        if ((first & 0xfe) == 0xfc || (first == 0xfe && (second & 0xc0) == 0xc0)) {
            return Optional.of(Kind.PRIVATE);
        }
        if (first == 0xff) {
            return Optional.of(Kind.MULTICAST);
        }
        byte[] embedded = Addresses.embeddedIpv4(b);
        return embedded == null ? Optional.empty() : ipv4Kind(embedded);
    }

    /** {@code fd00:ec2::254}. */
    private static boolean isAwsMetadata(byte[] b) {
        byte[] metadata = {(byte) 0xfd, 0, 0x0e, (byte) 0xc2, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0x02, 0x54};
        return java.util.Arrays.equals(b, metadata);
    }

    private static String normalized(String host) {
        String name = host == null ? "" : host.strip().toLowerCase(Locale.ROOT);
        if (name.startsWith("[") && name.endsWith("]")) {
            name = name.substring(1, name.length() - 1);
        }
        return name.endsWith(".") ? name.substring(0, name.length() - 1) : name;
    }

    /**
     * An IPv4 address in the BSD {@code inet_aton} spellings: one to four parts, each decimal, octal
     * (leading 0) or hex (0x); the last part fills the remaining bytes. Null for anything else.
     */
    static byte[] numericIpv4(String host) {
        String[] parts = host.split("\\.", -1);
        if (parts.length < 1 || parts.length > 4) {
            return null;
        }
        long[] values = new long[parts.length];
        for (int i = 0; i < parts.length; i++) {
            String part = parts[i];
            if (!NUMERIC_PART.matcher(part).matches()) {
                return null;
            }
            try {
                if (part.startsWith("0x")) {
                    values[i] = part.length() == 2 ? 0 : Long.parseLong(part.substring(2), 16);
                } else if (part.length() > 1 && part.startsWith("0")) {
                    values[i] = Long.parseLong(part.substring(1), 8);
                } else {
                    values[i] = Long.parseLong(part);
                }
            } catch (NumberFormatException e) {
                return null;
            }
        }
        long value = 0;
        for (int i = 0; i < parts.length - 1; i++) {
            if (values[i] > 255) {
                return null;
            }
            value = (value << 8) | values[i];
        }
        int lastBytes = 4 - (parts.length - 1);
        long last = values[parts.length - 1];
        if (last >= (1L << (8 * lastBytes))) {
            return null;
        }
        value = (value << (8 * lastBytes)) | last;
        return new byte[] {(byte) (value >>> 24), (byte) (value >>> 16), (byte) (value >>> 8), (byte) value};
    }
}

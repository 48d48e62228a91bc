package dev.tributary.callbacks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetAddress;
import java.util.List;
import java.util.Optional;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class CallbackAddressPolicyUnitTests {

    private static final CallbackAddressPolicy PRODUCTION = new CallbackAddressPolicy(true, List.of());
    private static final CallbackAddressPolicy SANDBOX = new CallbackAddressPolicy(false, List.of());

    @ParameterizedTest(name = "{0} is {1}")
    @CsvSource(delimiter = '|', textBlock = """
            127.0.0.1             | loopback 127.0.0.1
            127.255.0.9           | loopback 127.255.0.9
            ::1                   | loopback 0:0:0:0:0:0:0:1
            ::ffff:127.0.0.1      | loopback 127.0.0.1
            0.0.0.0               | an unspecified address 0.0.0.0
            0.1.2.3               | an unspecified address 0.1.2.3
            ::                    | an unspecified address 0:0:0:0:0:0:0:0
            10.0.0.5              | a private address 10.0.0.5
            172.16.0.1            | a private address 172.16.0.1
            172.31.255.255        | a private address 172.31.255.255
            192.168.1.1           | a private address 192.168.1.1
            ::ffff:10.1.2.3       | a private address 10.1.2.3
            fc00::1               | a private address fc00:0:0:0:0:0:0:1
            fd12:3456::1          | a private address fd12:3456:0:0:0:0:0:1
            169.254.1.1           | a link-local address 169.254.1.1
            fe80::1               | a link-local address fe80:0:0:0:0:0:0:1
            febf::1               | a link-local address febf:0:0:0:0:0:0:1
            fec0::1               | a private address fec0:0:0:0:0:0:0:1
            169.254.169.254       | the cloud metadata address 169.254.169.254
            ::ffff:169.254.169.254 | the cloud metadata address 169.254.169.254
            fd00:ec2::254         | the cloud metadata address fd00:ec2:0:0:0:0:0:254
            100.100.100.200       | the cloud metadata address 100.100.100.200
            100.64.0.1            | a carrier-grade NAT address 100.64.0.1
            100.127.255.254       | a carrier-grade NAT address 100.127.255.254
            224.0.0.1             | a multicast address 224.0.0.1
            ff02::1               | a multicast address ff02:0:0:0:0:0:0:1
            255.255.255.255       | a reserved address 255.255.255.255
            ::7f00:1              | loopback 0:0:0:0:0:0:7f00:1
            64:ff9b::a00:5        | a private address 64:ff9b:0:0:0:0:a00:5
            2002:7f00:1::         | loopback 2002:7f00:1:0:0:0:0:0
            """)
    void production_refuses_every_address_that_is_not_public(String address, String reason) throws Exception {
        assertThat(PRODUCTION.refusal(InetAddress.getByName(address)))
                .contains(new CallbackAddressPolicy.Refusal("resolves to " + reason, true));
    }

    @ParameterizedTest
    @CsvSource({"8.8.8.8", "172.15.255.255", "172.32.0.1", "100.63.255.255", "100.128.0.1", "169.253.0.1",
            "11.0.0.1", "192.169.0.1", "2606:4700::1111", "2001:db8::1", "::ffff:8.8.4.4"})
    void production_accepts_public_addresses(String address) throws Exception {
        assertThat(PRODUCTION.refusal(InetAddress.getByName(address))).isEmpty();
    }

    @Test
    void the_sandbox_allows_loopback_and_private_addresses_but_not_cloud_metadata() throws Exception {
        assertThat(SANDBOX.refusal(InetAddress.getByName("127.0.0.1"))).isEmpty();
        assertThat(SANDBOX.refusal(InetAddress.getByName("::1"))).isEmpty();
        assertThat(SANDBOX.refusal(InetAddress.getByName("10.0.0.5"))).isEmpty();
        assertThat(SANDBOX.refusal(InetAddress.getByName("169.254.169.254"))).isPresent();
        assertThat(SANDBOX.refusal("metadata.google.internal")).isPresent();
    }

    @Test
    void an_allowed_block_admits_the_addresses_inside_it_and_no_others() throws Exception {
        CallbackAddressPolicy policy = new CallbackAddressPolicy(true,
                List.of(Cidr.parse("127.0.0.0/8"), Cidr.parse("::1/128"), Cidr.parse("10.1.0.0/16")));
        assertThat(policy.refusal(InetAddress.getByName("127.0.0.1"))).isEmpty();
        assertThat(policy.refusal(InetAddress.getByName("::ffff:127.0.0.2"))).isEmpty();
        assertThat(policy.refusal(InetAddress.getByName("::1"))).isEmpty();
        assertThat(policy.refusal(InetAddress.getByName("10.1.200.3"))).isEmpty();
        assertThat(policy.refusal(InetAddress.getByName("10.2.0.1"))).map(CallbackAddressPolicy.Refusal::reason)
                .contains("resolves to a private address 10.2.0.1");
        assertThat(policy.refusal(InetAddress.getByName("192.168.0.1"))).isPresent();
    }

    @ParameterizedTest(name = "{0} is {1}")
    @CsvSource({
            "2130706433, 127.0.0.1", "017700000001, 127.0.0.1", "0x7f000001, 127.0.0.1", "0x7f.1, 127.0.0.1",
            "0177.0.0.1, 127.0.0.1", "127.1, 127.0.0.1", "127.0.1, 127.0.0.1", "0, 0.0.0.0", "0x0a.0.0.5, 10.0.0.5",
            "2852039166, 169.254.169.254"})
    void numeric_host_spellings_are_read_as_c_resolvers_read_them(String host, String address) throws Exception {
        assertThat(CallbackAddressPolicy.numericIpv4(host)).isEqualTo(InetAddress.getByName(address).getAddress());
        assertThat(PRODUCTION.refusal(host)).isPresent();
    }

    @ParameterizedTest
    @CsvSource({"example.com", "127.0.0.1.example.com", "08.0.0.1", "1.2.3.4.5", "256.1.1.1", "4294967296",
            "1..1", "-1", "+1", "0x+5"})
    void names_and_impossible_numbers_are_left_to_dns(String host) {
        assertThat(CallbackAddressPolicy.numericIpv4(host)).isNull();
    }

    @Test
    void cloud_metadata_names_are_refused_whatever_they_resolve_to_and_cannot_be_allowed() {
        CallbackAddressPolicy allowingAll = new CallbackAddressPolicy(true, List.of(Cidr.parse("0.0.0.0/0")));
        assertThat(allowingAll.refusal("Metadata.Google.Internal.")).contains(
                new CallbackAddressPolicy.Refusal("names the cloud metadata host metadata.google.internal", false));
        assertThat(allowingAll.refusal("metadata.goog")).isPresent();
        assertThat(allowingAll.refusal("example.com")).isEqualTo(Optional.empty());
    }

    @Test
    void cidrs_match_by_prefix_in_their_own_family() throws Exception {
        assertThat(Cidr.parse("10.0.0.0/8").contains(InetAddress.getByName("10.255.255.255"))).isTrue();
        assertThat(Cidr.parse("10.0.0.0/8").contains(InetAddress.getByName("11.0.0.0"))).isFalse();
        assertThat(Cidr.parse("10.9.9.9/8").toString()).isEqualTo("10.0.0.0/8");
        assertThat(Cidr.parse("172.16.0.0/12").contains(InetAddress.getByName("172.31.1.1"))).isTrue();
        assertThat(Cidr.parse("172.16.0.0/12").contains(InetAddress.getByName("172.32.1.1"))).isFalse();
        assertThat(Cidr.parse("192.0.2.7").contains(InetAddress.getByName("192.0.2.7"))).isTrue();
        assertThat(Cidr.parse("192.0.2.7").contains(InetAddress.getByName("192.0.2.8"))).isFalse();
        assertThat(Cidr.parse("0.0.0.0/0").contains(InetAddress.getByName("8.8.8.8"))).isTrue();
        assertThat(Cidr.parse("0.0.0.0/0").contains(InetAddress.getByName("::2"))).isFalse();
        assertThat(Cidr.parse("fd00::/8").contains(InetAddress.getByName("fd12::1"))).isTrue();
        assertThat(Cidr.parse("fd00::/8").contains(InetAddress.getByName("fe12::1"))).isFalse();
        assertThat(Cidr.parse("2001:db8::/33").contains(InetAddress.getByName("2001:db8:7fff::1"))).isTrue();
        assertThat(Cidr.parse("2001:db8::/33").contains(InetAddress.getByName("2001:db8:8000::1"))).isFalse();
        assertThat(Cidr.parse("::ffff:10.0.0.0/104").contains(InetAddress.getByName("10.3.3.3"))).isTrue();
        assertThat(Cidr.parse("::ffff:10.0.0.0/104").toString()).isEqualTo("10.0.0.0/8");
        assertThat(Cidr.parse(" ::1/128 ").contains(InetAddress.getByName("::1"))).isTrue();
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', textBlock = """
            10.0.0.0/33       | prefix length outside 0..32
            ::/129            | prefix length outside 0..128
            10.0.0/8          | is not an IPv4 or IPv6 CIDR
            10.0.0.256/32     | is not an IPv4 or IPv6 CIDR
            example.com/24    | is not an IPv4 or IPv6 CIDR
            10.0.0.0/x        | prefix length outside
            fd00::zz/8        | is not an IPv4 or IPv6 CIDR
            ''                | is not an IPv4 or IPv6 CIDR
            """)
    void malformed_cidrs_say_what_is_wrong(String value, String message) {
        assertThatThrownBy(() -> Cidr.parse(value)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(message);
    }
}

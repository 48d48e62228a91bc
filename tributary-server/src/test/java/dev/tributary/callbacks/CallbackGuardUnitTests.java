package dev.tributary.callbacks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import dev.tributary.platform.startup.InvalidSettingException;
import dev.tributary.platform.web.ApiException;
import org.junit.jupiter.api.Test;

class CallbackGuardUnitTests {

    /** A DNS whose answers the test changes (IP literals are read as the JDK reads them): the resolver is the seam. */
    private final Map<String, String> dns = new ConcurrentHashMap<>();
    private final HostResolver resolver = host -> {
        if (host.startsWith("[") || host.matches("[0-9.]+")) {
            return InetAddress.getAllByName(host);
        }
        String answer = dns.get(host);
        if (answer == null) {
            throw new UnknownHostException(host);
        }
        String[] addresses = answer.split(",");
        InetAddress[] resolved = new InetAddress[addresses.length];
        for (int i = 0; i < addresses.length; i++) {
            resolved[i] = InetAddress.getByName(addresses[i]);
        }
        return resolved;
    };
    private final CallbackGuard production = new CallbackGuard(new CallbackAddressPolicy(true, List.of()), resolver);

    @Test
    void a_callback_configured_to_a_private_address_is_refused_with_the_url_and_the_reason() {
        dns.put("hooks.internal.example", "10.0.0.5");
        assertThatThrownBy(() -> production.requireAllowed("http://hooks.internal.example/x"))
                .isInstanceOf(ApiException.class)
                .hasMessage("callback URL http://hooks.internal.example/x resolves to a private address 10.0.0.5; "
                        + "allow it with TRIBUTARY_CALLBACK_ALLOW");
        assertThatThrownBy(() -> production.requireAllowed("http://10.0.0.5/x"))
                .hasMessage("callback URL http://10.0.0.5/x resolves to a private address 10.0.0.5; "
                        + "allow it with TRIBUTARY_CALLBACK_ALLOW");
    }

    @Test
    void one_forbidden_address_among_several_is_enough_to_refuse() {
        dns.put("mixed.example", "93.184.216.34,127.0.0.1");
        assertThat(production.refusalBeforeSending("https://mixed.example/hook"))
                .contains("refused: resolves to loopback 127.0.0.1");
    }

    @Test
    void a_host_whose_dns_answer_changes_after_configuration_is_refused_at_send_time() {
        dns.put("rebinding.example", "93.184.216.34");
        production.requireAllowed("https://rebinding.example/hook");
        assertThat(production.refusalBeforeSending("https://rebinding.example/hook")).isEmpty();

        dns.put("rebinding.example", "169.254.169.254");
        assertThat(production.refusalBeforeSending("https://rebinding.example/hook"))
                .contains("refused: resolves to the cloud metadata address 169.254.169.254");
    }

    @Test
    void a_host_that_does_not_resolve_is_accepted_when_configured_but_not_sent_to() {
        production.requireAllowed("https://not-yet.example/hook");
        assertThat(production.refusalBeforeSending("https://not-yet.example/hook"))
                .contains("host not-yet.example does not resolve");
    }

    @Test
    void odd_ipv4_spellings_are_refused_even_where_the_jdk_would_not_read_them() {
        for (String url : List.of("http://2130706433/", "http://0x7f000001/", "http://0177.0.0.1/", "http://017700000001/")) {
            assertThatThrownBy(() -> production.requireAllowed(url)).as(url)
                    .hasMessageContaining("resolves to loopback 127.0.0.1");
        }
        // Forms java.net.URI does not take as a host are refused as URLs without a host.
        assertThatThrownBy(() -> production.requireAllowed("http://127.1/")).hasMessageContaining("no host");
        assertThatThrownBy(() -> production.requireAllowed("http://0x7f.1/")).hasMessageContaining("no host");
    }

    @Test
    void ipv6_literals_and_mapped_forms_are_checked() {
        assertThatThrownBy(() -> production.requireAllowed("http://[::1]:8080/x"))
                .hasMessageContaining("resolves to loopback 0:0:0:0:0:0:0:1");
        assertThatThrownBy(() -> production.requireAllowed("http://[::ffff:127.0.0.1]/x"))
                .hasMessageContaining("resolves to loopback 127.0.0.1");
        assertThatThrownBy(() -> production.requireAllowed("http://[::ffff:a9fe:a9fe]/x"))
                .hasMessageContaining("cloud metadata address 169.254.169.254");
        assertThatThrownBy(() -> production.requireAllowed("http://[fd00:ec2::254]/latest/meta-data/"))
                .hasMessageContaining("cloud metadata address");
    }

    @Test
    void metadata_host_names_are_refused_without_an_allow_hint() {
        assertThatThrownBy(() -> production.requireAllowed("http://metadata.google.internal/computeMetadata/v1/"))
                .hasMessage("callback URL http://metadata.google.internal/computeMetadata/v1/ names the cloud metadata "
                        + "host metadata.google.internal");
    }

    @Test
    void other_schemes_and_user_info_are_refused_in_every_mode() {
        CallbackGuard sandbox = new CallbackGuard(new CallbackAddressPolicy(false, List.of()), resolver);
        dns.put("example.com", "93.184.216.34");
        for (CallbackGuard guard : List.of(production, sandbox)) {
            assertThatThrownBy(() -> guard.requireAllowed("ftp://example.com/x")).hasMessageContaining("only http and https");
            assertThatThrownBy(() -> guard.requireAllowed("file:///etc/passwd")).hasMessageContaining("only http and https");
            assertThatThrownBy(() -> guard.requireAllowed("http://user:pw@example.com/x")).hasMessageContaining("user-info");
            assertThat(guard.refusalBeforeSending("gopher://example.com/")).contains("refused: only http and https callbacks are allowed");
        }
        dns.put("localhost", "127.0.0.1");
        sandbox.requireAllowed("http://127.0.0.1:8080/sandbox/receiver");
        assertThat(sandbox.refusalBeforeSending("http://localhost/x")).isEmpty();
    }

    @Test
    void the_allow_list_setting_is_parsed_once_and_a_bad_entry_stops_start_up() {
        assertThat(CallbackGuard.allowList(" 127.0.0.0/8, ::1/128 ,")).hasSize(2);
        assertThat(CallbackGuard.allowList("")).isEmpty();
        assertThatThrownBy(() -> CallbackGuard.allowList("127.0.0.0/8,10.0.0.0/40"))
                .isInstanceOf(InvalidSettingException.class)
                .hasMessage("TRIBUTARY_CALLBACK_ALLOW is '127.0.0.0/8,10.0.0.0/40': set TRIBUTARY_CALLBACK_ALLOW to "
                        + "comma-separated CIDRs such as 10.20.0.0/16,fd00:1::/64 ('10.0.0.0/40' has a prefix length outside 0..32)");
    }
}

package dev.tributary.sandbox;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.UncheckedIOException;
import java.net.BindException;

import org.junit.jupiter.api.Test;

class SandboxShopifyPortExceptionUnitTests {

    @Test
    void a_port_in_use_says_so_and_names_the_variable() {
        SandboxShopifyPortException e = new SandboxShopifyPortException(8099,
                new UncheckedIOException("Cannot start the Shopify emulator on port 8099", new BindException("Address already in use")));

        assertThat(e.problem()).isEqualTo("Port 8099 of the sandbox Shopify is already in use");
        assertThat(e.action()).isEqualTo("stop the other process or set TRIBUTARY_SANDBOX_SHOPIFY_PORT to a free port (0 picks one)");
    }

    @Test
    void another_bind_failure_gives_the_systems_reason() {
        SandboxShopifyPortException e = new SandboxShopifyPortException(80,
                new UncheckedIOException("Cannot start the Shopify emulator on port 80", new BindException("Permission denied")));

        assertThat(e.problem()).isEqualTo("The sandbox Shopify cannot listen on port 80 (Permission denied)");
    }
}

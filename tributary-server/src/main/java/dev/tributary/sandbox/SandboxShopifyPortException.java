package dev.tributary.sandbox;

import java.net.BindException;
import java.util.Locale;

import dev.tributary.platform.startup.StartupException;

/** The sandbox's Shopify emulator cannot listen on TRIBUTARY_SANDBOX_SHOPIFY_PORT. */
class SandboxShopifyPortException extends StartupException {

    SandboxShopifyPortException(int port, RuntimeException cause) {
        super(problem(port, cause), "stop the other process or set TRIBUTARY_SANDBOX_SHOPIFY_PORT to a free port "
                + "(0 picks one)", cause);
    }

    private static String problem(int port, Throwable cause) {
        for (Throwable e = cause; e != null; e = e.getCause()) {
            if (e instanceof BindException && e.getMessage() != null
                    && e.getMessage().toLowerCase(Locale.ROOT).contains("in use")) {
                return "Port " + port + " of the sandbox Shopify is already in use";
            }
        }
        Throwable root = cause;
        while (root.getCause() != null) {
            root = root.getCause();
        }
        return "The sandbox Shopify cannot listen on port " + port + " (" + root.getMessage() + ")";
    }
}

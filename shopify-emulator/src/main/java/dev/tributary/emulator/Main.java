package dev.tributary.emulator;

import java.nio.file.Path;
import java.util.Locale;

/**
 * Runs the emulator on its own: {@code java -jar shopify-emulator-standalone.jar [--port=9099]
 * [--host=127.0.0.1] [--clock-scale=1] [--approve=auto|page] [--state-file=emulator.json]}. Each
 * option can also come from the environment: {@code SHOPIFY_EMULATOR_PORT}, {@code _HOST},
 * {@code _CLOCK_SCALE}, {@code _APPROVE}, {@code _STATE_FILE}. Without a state file, a restart
 * starts empty.
 */
public final class Main {

    private Main() {
    }

    public static void main(String[] args) throws InterruptedException {
        EmulatorSettings settings = EmulatorSettings.defaults().withPort(9099);
        settings = settings.withPort(Integer.parseInt(option(args, "port", String.valueOf(settings.port()))));
        settings = settings.withHost(option(args, "host", settings.host()));
        settings = settings.withClockScale(Double.parseDouble(option(args, "clock-scale", "1")));
        settings = settings.withAutoApprove(!"page".equals(option(args, "approve", "auto")));
        String stateFile = option(args, "state-file", "");
        ShopifyEmulator emulator = ShopifyEmulator.start(settings, stateFile.isEmpty() ? null : Path.of(stateFile));
        Runtime.getRuntime().addShutdownHook(new Thread(emulator::close));
        System.out.println("Shopify emulator listening on " + emulator.baseUrl()
                + " (shops at " + emulator.shopBaseUrlTemplate() + ", control API at " + emulator.baseUrl()
                + ControlApi.PREFIX + ")");
        if (!stateFile.isEmpty()) {
            System.out.println((emulator.restored() ? "State restored from " : "State kept in ")
                    + Path.of(stateFile).toAbsolutePath());
        }
        Thread.currentThread().join();
    }

    private static String option(String[] args, String name, String fallback) {
        for (String arg : args) {
            if (arg.startsWith("--" + name + "=")) {
                return arg.substring(name.length() + 3);
            }
        }
        String env = System.getenv("SHOPIFY_EMULATOR_" + name.toUpperCase(Locale.ROOT).replace('-', '_'));
        return env == null || env.isBlank() ? fallback : env;
    }
}

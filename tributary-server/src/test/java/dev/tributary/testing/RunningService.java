package dev.tributary.testing;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import dev.tributary.TributaryApplication;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

/** The real Tributary application, started in this JVM on a free port, reached over HTTP. */
public final class RunningService implements AutoCloseable {

    private final ConfigurableApplicationContext context;
    private final String baseUrl;

    private RunningService(ConfigurableApplicationContext context) {
        this.context = context;
        this.baseUrl = "http://127.0.0.1:" + context.getEnvironment().getRequiredProperty("local.server.port");
    }

    public static RunningService start(TestStore store) {
        return start(store, Map.of());
    }

    /** Starts against {@code store}; {@code extra} settings win over the store's. */
    public static RunningService start(TestStore store, Map<String, String> extra) {
        Map<String, String> settings = new LinkedHashMap<>();
        settings.put("server.port", "0");
        settings.put("logging.structured.format.console", "");
        // In sandbox mode each server mounts an emulator of its own: on a free port, so servers can run side by side.
        settings.put("tributary.sandbox.shopify-port", "0");
        settings.putAll(store.settings());
        settings.putAll(extra);
        List<String> args = new ArrayList<>();
        settings.forEach((key, value) -> args.add("--" + key + "=" + value));
        return new RunningService(new SpringApplicationBuilder(TributaryApplication.class).run(args.toArray(String[]::new)));
    }

    public String baseUrl() {
        return baseUrl;
    }

    public ApiClient client() {
        return new ApiClient(baseUrl);
    }

    public <T> T bean(Class<T> type) {
        return context.getBean(type);
    }

    /** Every bean of {@code type}, by name. */
    public <T> Map<String, T> beans(Class<T> type) {
        return context.getBeansOfType(type);
    }

    @Override
    public void close() {
        context.close();
    }
}

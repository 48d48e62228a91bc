package dev.tributary.callbacks;

import java.net.InetAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

import dev.tributary.platform.RuntimeMode;
import dev.tributary.platform.startup.InvalidSettingException;
import dev.tributary.platform.web.ApiException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.core.env.Environment;
import org.springframework.stereotype.Component;

/**
 * Decides whether a callback URL may be called: an http(s) URL without user-info whose host
 * resolves only to addresses the {@link CallbackAddressPolicy} accepts. Checked when a callback is
 * configured and again before each send, because DNS answers can change in between.
 */
@Component
public class CallbackGuard {

    private static final Logger log = LoggerFactory.getLogger(CallbackGuard.class);

    private final CallbackAddressPolicy policy;
    private final HostResolver resolver;

    @Autowired
    CallbackGuard(CallbackProperties properties, Environment environment) {
        this(new CallbackAddressPolicy(RuntimeMode.of(environment) == RuntimeMode.PRODUCTION, allowList(properties.allow())),
                HostResolver.SYSTEM);
    }

    CallbackGuard(CallbackAddressPolicy policy, HostResolver resolver) {
        this.policy = policy;
        this.resolver = resolver;
    }

    /**
     * Parses {@code TRIBUTARY_CALLBACK_ALLOW}.
     *
     * @throws InvalidSettingException naming the entry that is not a CIDR, which stops start-up
     */
    static List<Cidr> allowList(String value) {
        List<Cidr> blocks = new ArrayList<>();
        for (String entry : value.split(",")) {
            if (entry.isBlank()) {
                continue;
            }
            try {
                blocks.add(Cidr.parse(entry));
            } catch (IllegalArgumentException e) {
                throw new InvalidSettingException(CallbackAddressPolicy.ALLOW_VARIABLE, value,
                        "comma-separated CIDRs such as 10.20.0.0/16,fd00:1::/64 (" + e.getMessage() + ")");
            }
        }
        return blocks;
    }

    /**
     * Checks a callback URL being configured. A host that does not resolve now is accepted: it is
     * checked again before every send.
     *
     * @throws ApiException 400 naming the URL and why it is refused
     */
    public void requireAllowed(String url) {
        URI uri = shapeChecked(url).orElseThrow(() -> ApiException.badRequest("callback URL " + url + " is refused: "
                + shapeProblem(url)));
        Optional<CallbackAddressPolicy.Refusal> refusal;
        try {
            refusal = addressRefusal(uri.getHost());
        } catch (UnknownHostException e) {
            log.info("Callback host {} does not resolve now; it is checked again before each send", uri.getHost());
            return;
        }
        refusal.ifPresent(refused -> {
            throw ApiException.badRequest("callback URL " + url + " " + refused.reason()
                    + (refused.allowable() ? "; allow it with " + CallbackAddressPolicy.ALLOW_VARIABLE : ""));
        });
    }

    /**
     * Checks a callback URL just before sending to it: why it must not be called now, such as
     * "refused: resolves to loopback 127.0.0.1", or empty when it may. A host that does not resolve is
     * refused too, so nothing is sent to an address that was not checked.
     */
    public Optional<String> refusalBeforeSending(String url) {
        Optional<URI> uri = shapeChecked(url);
        if (uri.isEmpty()) {
            return Optional.of("refused: " + shapeProblem(url));
        }
        try {
            return addressRefusal(uri.get().getHost()).map(refused -> "refused: " + refused.reason());
        } catch (UnknownHostException e) {
            return Optional.of("host " + uri.get().getHost() + " does not resolve");
        }
    }

    private Optional<CallbackAddressPolicy.Refusal> addressRefusal(String host) throws UnknownHostException {
        Optional<CallbackAddressPolicy.Refusal> byName = policy.refusal(host);
        if (byName.isPresent()) {
            return byName;
        }
        for (InetAddress address : resolver.resolve(host)) {
            Optional<CallbackAddressPolicy.Refusal> refusal = policy.refusal(address);
            if (refusal.isPresent()) {
                return refusal;
            }
        }
        return Optional.empty();
    }

    private static Optional<URI> shapeChecked(String url) {
        return shapeProblem(url) == null ? Optional.of(URI.create(url)) : Optional.empty();
    }

    /**
     * What is wrong with the URL itself, or null when it is an absolute http(s) URL with a host, a
     * port from 1 to 65535 if any, no user-info and no fragment, as written (no spaces around it).
     * Pure: checked when a callback is configured, so a URL that could never be called is refused then.
     */
    public static String shapeProblem(String url) {
        if (url == null || url.isBlank()) {
            return "no URL";
        }
        if (!url.equals(url.strip())) {
            return "spaces around the URL";
        }
        URI uri;
        try {
            uri = new URI(url);
        } catch (URISyntaxException e) {
            return "not a valid URL (" + e.getReason() + " at position " + e.getIndex() + ")";
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("http") && !scheme.equals("https")) {
            return "only http and https callbacks are allowed";
        }
        if (uri.getRawUserInfo() != null || (uri.getRawAuthority() != null && uri.getRawAuthority().contains("@"))) {
            return "a callback URL may not carry user-info (user:password@); the signature headers authenticate notifications";
        }
        if (uri.getHost() == null) {
            return "the URL has no host" + (uri.getRawAuthority() == null ? "" : " (a malformed host or port?)");
        }
        if (uri.getPort() != -1 && (uri.getPort() < 1 || uri.getPort() > 65535)) {
            return "port " + uri.getPort() + " is out of range (1-65535)";
        }
        if (uri.getRawFragment() != null) {
            return "a callback URL may not carry a fragment (#...): it is never sent";
        }
        return null;
    }
}

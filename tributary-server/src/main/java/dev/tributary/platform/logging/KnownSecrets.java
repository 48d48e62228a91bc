package dev.tributary.platform.logging;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLongArray;

/**
 * The secrets this process has seen (tokens, keys, app secrets, user secrets), so that the log
 * encoder can mask them wherever they turn up, in our lines or a library's. Lookup is one pass
 * over the text with a rolling hash of {@value #WINDOW} characters, however many secrets there
 * are: the access log runs this on every request.
 */
public final class KnownSecrets {

    /** Shorter values are not masked: they would hide ordinary words and numbers. */
    static final int WINDOW = 8;
    static final int MAX_SECRETS = 200_000;
    static final String MASK = "********";

    private static final long BASE = 1_000_003L;
    private static final long BASE_POWER = power(BASE, WINDOW - 1);
    /** Hash of a secret's first {@value #WINDOW} characters to the secrets that start so. */
    private static final Map<Long, Set<String>> BY_PREFIX = new ConcurrentHashMap<>();
    private static final AtomicInteger COUNT = new AtomicInteger();
    /** One bit per prefix hash (its top 20 bits), so most positions of a line cost no map look-up. */
    private static final AtomicLongArray FILTER = new AtomicLongArray(1 << 14);
    private static final AtomicBoolean FULL = new AtomicBoolean();

    private KnownSecrets() {
    }

    /** Remembers a secret so that no log line shows it; values shorter than 8 characters are ignored. */
    public static void register(String secret) {
        if (secret == null || secret.length() < WINDOW || COUNT.get() >= MAX_SECRETS) {
            if (secret != null && secret.length() >= WINDOW && FULL.compareAndSet(false, true)) {
                org.slf4j.LoggerFactory.getLogger(KnownSecrets.class).warn(
                        "{} secrets are masked in logs; newer ones are masked by pattern only", MAX_SECRETS);
            }
            return;
        }
        long prefix = hash(secret, 0);
        if (BY_PREFIX.computeIfAbsent(prefix, h -> ConcurrentHashMap.newKeySet()).add(secret)) {
            COUNT.incrementAndGet();
        }
        int bit = filterBit(prefix);
        FILTER.getAndUpdate(bit >>> 6, word -> word | (1L << bit));
    }

    /** {@code text} with every registered secret in it replaced by {@value #MASK}. */
    static String mask(String text) {
        if (text == null || COUNT.get() == 0 || text.length() < WINDOW) {
            return text;
        }
        List<int[]> found = null;
        long rolling = hash(text, 0);
        for (int start = 0; ; start++) {
            int bit = filterBit(rolling);
            Set<String> candidates = (FILTER.get(bit >>> 6) & (1L << bit)) == 0 ? null : BY_PREFIX.get(rolling);
            if (candidates != null) {
                int longest = 0;
                for (String secret : candidates) {
                    if (secret.length() > longest && text.startsWith(secret, start)) {
                        longest = secret.length();
                    }
                }
                if (longest > 0) {
                    if (found == null) {
                        found = new ArrayList<>();
                    }
                    found.add(new int[] {start, start + longest});
                }
            }
            if (start + WINDOW >= text.length()) {
                break;
            }
            rolling = (rolling - text.charAt(start) * BASE_POWER) * BASE + text.charAt(start + WINDOW);
        }
        return found == null ? text : replace(text, found);
    }

    /** Replaces the found ranges (in start order, possibly overlapping) with the mask. */
    private static String replace(String text, List<int[]> ranges) {
        StringBuilder masked = new StringBuilder(text.length());
        int copied = 0;
        for (int[] range : ranges) {
            if (range[1] <= copied) {
                continue;
            }
            if (range[0] >= copied) {
                masked.append(text, copied, range[0]).append(MASK);
            }
            copied = range[1];
        }
        return masked.append(text, copied, text.length()).toString();
    }

    private static int filterBit(long hash) {
        return (int) ((hash * 0x9E3779B97F4A7C15L) >>> 44);
    }

    private static long hash(String text, int from) {
        long h = 0;
        for (int i = from; i < from + WINDOW; i++) {
            h = h * BASE + text.charAt(i);
        }
        return h;
    }

    private static long power(long base, int exponent) {
        long result = 1;
        for (int i = 0; i < exponent; i++) {
            result *= base;
        }
        return result;
    }

    /** For tests: forgets every secret. */
    static void clear() {
        BY_PREFIX.clear();
        for (int i = 0; i < FILTER.length(); i++) {
            FILTER.set(i, 0);
        }
        COUNT.set(0);
        FULL.set(false);
    }
}

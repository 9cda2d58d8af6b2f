package io.portcullis.gateway.observe;

import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import java.util.regex.Pattern;

/** {@code X-Request-Id}: a client's id is passed through when it is a plain token, else a new one is made. */
public final class RequestIds {

    public static final String HEADER = "X-Request-Id";
    private static final Pattern SAFE = Pattern.compile("[A-Za-z0-9._:-]{1,128}");

    private RequestIds() {
    }

    static String accept(String received) {
        return received != null && SAFE.matcher(received).matches() ? received : generate();
    }

    /**
     * A random (version 4) UUID. An id correlates log lines and is no secret, so it needs no SecureRandom, whose
     * cost and shared lock every request would otherwise pay.
     */
    static String generate() {
        ThreadLocalRandom random = ThreadLocalRandom.current();
        long high = (random.nextLong() & ~0xF000L) | 0x4000L;
        long low = (random.nextLong() & 0x3FFFFFFFFFFFFFFFL) | 0x8000000000000000L;
        return new UUID(high, low).toString();
    }
}

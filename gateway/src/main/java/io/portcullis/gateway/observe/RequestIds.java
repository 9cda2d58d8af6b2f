package io.portcullis.gateway.observe;

import java.util.UUID;
import java.util.regex.Pattern;

/** {@code X-Request-Id}: a client's id is passed through when it is a plain token, else a new one is made. */
final class RequestIds {

    static final String HEADER = "X-Request-Id";
    private static final Pattern SAFE = Pattern.compile("[A-Za-z0-9._:-]{1,128}");

    private RequestIds() {
    }

    static String accept(String received) {
        return received != null && SAFE.matcher(received).matches() ? received : UUID.randomUUID().toString();
    }
}

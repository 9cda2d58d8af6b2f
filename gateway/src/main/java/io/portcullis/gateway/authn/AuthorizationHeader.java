package io.portcullis.gateway.authn;

import io.portcullis.gateway.web.ApiError;
import io.portcullis.gateway.web.ApiErrorException;
import org.springframework.http.HttpHeaders;
import org.springframework.http.server.reactive.ServerHttpRequest;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** Reads {@code Authorization: <keyword> <value>}; keywords are matched case-insensitively (RFC 9110 section 11.1). */
final class AuthorizationHeader {

    private AuthorizationHeader() {
    }

    /**
     * The value after {@code keyword}, or empty when the header is absent or has another keyword; a malformed header
     * answers as DRF's TokenAuthentication does ({@code Invalid token header. No credentials provided.}).
     *
     * @throws ApiErrorException when the header is sent twice, or has the keyword but not exactly one value after it
     */
    static Optional<String> value(ServerHttpRequest request, String keyword) {
        return value(request, keyword, noValue -> new ApiErrorException(ApiError.authenticationFailed(
                "Invalid " + keyword.toLowerCase() + " header. "
                        + (noValue ? "No credentials provided." : "Token string should not contain spaces."),
                null, "bad_authorization_header")));
    }

    /** {@link #value} for {@code Bearer}, malformed answering as SimpleJWT's JWTAuthentication does. */
    static Optional<String> bearer(ServerHttpRequest request) {
        return value(request, "Bearer", noValue -> new ApiErrorException(ApiError.badAuthorizationHeader()));
    }

    private interface Malformed {
        /** {@code noValue}: nothing after the keyword; else more than one value. */
        ApiErrorException error(boolean noValue);
    }

    private static Optional<String> value(ServerHttpRequest request, String keyword, Malformed malformed) {
        List<String> headers = fieldValues(request.getHeaders());
        if (headers.isEmpty()) {
            return Optional.empty();
        }
        if (headers.size() > 1) {
            throw new ApiErrorException(ApiError.authenticationFailed(
                    "Invalid Authorization header. Sent more than once.", null, "authorization_repeated"));
        }
        String header = headers.get(0).strip();
        List<String> parts = words(header);
        if (!parts.get(0).equalsIgnoreCase(keyword)) {
            return Optional.empty();
        }
        if (parts.size() != 2) {
            throw malformed.error(parts.size() == 1);
        }
        return Optional.of(parts.get(1));
    }

    /**
     * The header's values as {@link HttpHeaders#getValuesAsList} reads them (split at commas outside quotes, trimmed),
     * without its tokenizer for the usual single value that has neither: it runs on every request.
     */
    private static List<String> fieldValues(HttpHeaders headers) {
        List<String> raw = headers.get(HttpHeaders.AUTHORIZATION);
        if (raw == null || raw.isEmpty()) {
            return List.of();
        }
        if (raw.size() == 1) {
            String value = raw.get(0);
            String trimmed = value == null ? "" : value.trim();
            if (!trimmed.isEmpty() && value.indexOf(',') < 0 && value.indexOf('"') < 0) {
                return List.of(trimmed);
            }
        }
        return headers.getValuesAsList(HttpHeaders.AUTHORIZATION);
    }

    /** {@code text} split at runs of spaces and tabs; {@code text} has none at either end. */
    private static List<String> words(String text) {
        List<String> words = new ArrayList<>(2);
        int start = -1;
        for (int i = 0; i <= text.length(); i++) {
            boolean blank = i == text.length() || text.charAt(i) == ' ' || text.charAt(i) == '\t';
            if (blank && start >= 0) {
                words.add(text.substring(start, i));
                start = -1;
            } else if (!blank && start < 0) {
                start = i;
            }
        }
        if (words.isEmpty()) {
            words.add("");
        }
        return words;
    }
}

package io.portcullis.gateway.authn;

import io.portcullis.gateway.web.ApiError;
import io.portcullis.gateway.web.ApiErrorException;
import org.springframework.http.HttpHeaders;
import org.springframework.http.server.reactive.ServerHttpRequest;

import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/** Reads {@code Authorization: <keyword> <value>}; keywords are matched case-insensitively (RFC 9110 section 11.1). */
final class AuthorizationHeader {

    private static final Pattern BLANKS = Pattern.compile("[ \t]+");

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
        List<String> headers = request.getHeaders().getValuesAsList(HttpHeaders.AUTHORIZATION);
        if (headers.isEmpty()) {
            return Optional.empty();
        }
        if (headers.size() > 1) {
            throw new ApiErrorException(ApiError.authenticationFailed(
                    "Invalid Authorization header. Sent more than once.", null, "authorization_repeated"));
        }
        String header = headers.get(0).strip();
        String[] parts = BLANKS.split(header);
        if (!parts[0].equalsIgnoreCase(keyword)) {
            return Optional.empty();
        }
        if (parts.length != 2) {
            throw malformed.error(parts.length == 1);
        }
        return Optional.of(parts[1]);
    }
}

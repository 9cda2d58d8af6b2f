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
     * The value after {@code keyword}, or empty when the header is absent or has another keyword.
     *
     * @throws ApiErrorException when the header is sent twice, or has the keyword but not exactly one value after it
     */
    static Optional<String> value(ServerHttpRequest request, String keyword) {
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
        if (parts.length == 1) {
            throw malformed(keyword, "No credentials provided.");
        }
        if (parts.length > 2) {
            throw malformed(keyword, "Token string should not contain spaces.");
        }
        return Optional.of(parts[1]);
    }

    private static ApiErrorException malformed(String keyword, String why) {
        return new ApiErrorException(ApiError.authenticationFailed(
                "Invalid " + keyword.toLowerCase() + " header. " + why, null, "bad_authorization_header"));
    }
}

package io.portcullis.gateway.web;

import org.junit.jupiter.api.Test;
import org.springframework.http.HttpStatus;

import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;

/** The bodies SimpleJWT 5.2 gives, byte for byte (its authentication.py, exceptions.py and views.py). */
class ApiErrorWriterTest {

    private static String body(ApiError error) {
        return new String(ApiErrorWriter.body(error), StandardCharsets.UTF_8);
    }

    @Test
    void bodyWhenAuthenticationRefusesATokenThenSimpleJwtsMessagesList() {
        assertThat(body(ApiError.tokenNotValid("token_expired").inAuthentication())).isEqualTo(
                "{\"detail\":\"Given token not valid for any token type\",\"code\":\"token_not_valid\",\"messages\":"
                        + "[{\"token_class\":\"AccessToken\",\"token_type\":\"access\",\"message\":\"Token is invalid or expired\"}]}");
    }

    @Test
    void bodyWhenATokenEndpointRefusesATokenThenTheReasonIsTheDetail() {
        assertThat(body(ApiError.tokenNotValid("token_reused"))).isEqualTo("{\"detail\":\"Token is blacklisted\",\"code\":\"token_not_valid\"}");
        assertThat(body(ApiError.tokenNotValid("token_wrong_type"))).isEqualTo("{\"detail\":\"Token has wrong type\",\"code\":\"token_not_valid\"}");
        assertThat(body(ApiError.tokenNotValid("token_bad_signature")))
                .isEqualTo("{\"detail\":\"Token is invalid or expired\",\"code\":\"token_not_valid\"}");
    }

    @Test
    void inAuthenticationWhenNotATokenRefusalThenUnchanged() {
        ApiError userInactive = ApiError.authenticationFailed("User is inactive", "user_inactive", "user_inactive");

        assertThat(userInactive.inAuthentication()).isEqualTo(userInactive);
    }

    @Test
    void methodNotAllowedAlwaysNamesTheAllowedMethods() {
        ApiError error = ApiError.methodNotAllowed("TRACE", "POST, OPTIONS");

        assertThat(error.status()).isEqualTo(HttpStatus.METHOD_NOT_ALLOWED);
        assertThat(error.headers()).containsEntry("Allow", "POST, OPTIONS");
        assertThat(body(error)).isEqualTo("{\"detail\":\"Method \\\"TRACE\\\" not allowed.\"}");
    }
}

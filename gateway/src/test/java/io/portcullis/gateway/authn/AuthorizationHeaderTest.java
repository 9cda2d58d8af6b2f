package io.portcullis.gateway.authn;

import io.portcullis.gateway.web.ApiError;
import io.portcullis.gateway.web.ApiErrorException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.mock.http.server.reactive.MockServerHttpRequest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

class AuthorizationHeaderTest {

    private static MockServerHttpRequest withAuthorization(String value) {
        return MockServerHttpRequest.get("/x").header("Authorization", value).build();
    }

    @ParameterizedTest
    @ValueSource(strings = {"Bearer", "Bearer  ", "Bearer a.b.c extra", "bearer a b c"})
    void bearerWhenNotExactlyOneValueThenSimpleJwtsBadAuthorizationHeader(String header) {
        ApiError error = catchThrowableOfType(ApiErrorException.class,
                () -> AuthorizationHeader.bearer(withAuthorization(header))).error();

        assertThat(error.status().value()).isEqualTo(401);
        assertThat(error.detail()).isEqualTo("Authorization header must contain two space-delimited values");
        assertThat(error.code()).isEqualTo("bad_authorization_header");
    }

    @Test
    void bearerWhenOneValueThenThatValue() {
        assertThat(AuthorizationHeader.bearer(withAuthorization("Bearer \ta.b.c"))).contains("a.b.c");
    }

    @Test
    void bearerWhenAnotherKeywordThenEmpty() {
        assertThat(AuthorizationHeader.bearer(withAuthorization("Token abc"))).isEmpty();
    }

    @Test
    void tokenWhenNoValueThenDrfsTokenAuthenticationWording() {
        ApiError error = catchThrowableOfType(ApiErrorException.class,
                () -> AuthorizationHeader.value(withAuthorization("Token"), "Token")).error();

        assertThat(error.detail()).isEqualTo("Invalid token header. No credentials provided.");
        assertThat(error.code()).isNull();
    }

    @Test
    void tokenWhenTwoValuesThenDrfsTokenAuthenticationWording() {
        ApiError error = catchThrowableOfType(ApiErrorException.class,
                () -> AuthorizationHeader.value(withAuthorization("Token a b"), "Token")).error();

        assertThat(error.detail()).isEqualTo("Invalid token header. Token string should not contain spaces.");
    }

    /** Read as HTTP reads a header list: a comma outside quotes separates two values, as two headers would. */
    @Test
    void bearerWhenTheValueListsTwoThenAsSentTwice() {
        ApiError error = catchThrowableOfType(ApiErrorException.class,
                () -> AuthorizationHeader.bearer(withAuthorization("Bearer a.b.c, Bearer d.e.f"))).error();

        assertThat(error.detail()).isEqualTo("Invalid Authorization header. Sent more than once.");
    }

    @Test
    void bearerWhenQuotedOrBlankThenAsTheHeaderListReadsIt() {
        assertThat(AuthorizationHeader.bearer(withAuthorization("   "))).isEmpty();
        assertThat(catchThrowableOfType(ApiErrorException.class,
                () -> AuthorizationHeader.bearer(withAuthorization("Bearer \"a b\""))).error().code())
                .isEqualTo("bad_authorization_header");
    }
}

package io.portcullis.policy.token;

import io.portcullis.policy.model.TokenSettings;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.junit.jupiter.params.provider.Arguments.arguments;

/** Validly signed tokens whose JSON is ambiguous or mistyped are refused (issue 6 item 3). */
class JwtVerifierStrictJsonTest {

    private static final String SECRET = "0123456789abcdef0123456789abcdef";
    private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");
    private static final long NOW = T0.getEpochSecond();
    private static final String HEADER = "{\"alg\":\"HS256\"}";
    private static final JwtVerifier VERIFIER = new JwtVerifier(SigningKeys.hmac(SECRET), TokenSettings.DEFAULTS,
            Clock.fixed(T0, ZoneOffset.UTC));

    private static String payload(String iat, String exp, String extra) {
        return "{\"token_type\":\"access\",\"jti\":\"j1\",\"sub\":\"1\",\"iss\":\"portcullis\",\"iat\":" + iat
                + ",\"exp\":" + exp + extra + "}";
    }

    private static String signed(String header, String payload) {
        String input = base64(header) + "." + base64(payload);
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(SECRET.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            return input + "." + Base64.getUrlEncoder().withoutPadding().encodeToString(
                    mac.doFinal(input.getBytes(StandardCharsets.US_ASCII)));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static String base64(String json) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(json.getBytes(StandardCharsets.UTF_8));
    }

    static Stream<Arguments> ambiguous() {
        String iat = Long.toString(NOW);
        String exp = Long.toString(NOW + 900);
        return Stream.of(
                arguments("duplicate sub", HEADER, payload(iat, exp, ",\"sub\":\"99\"")),
                arguments("duplicate token_type", HEADER, payload(iat, exp, ",\"token_type\":\"refresh\"")),
                arguments("duplicate alg in the header", "{\"alg\":\"none\",\"alg\":\"HS256\"}", payload(iat, exp, "")),
                arguments("exp as a numeric string", HEADER, payload(iat, "\"" + exp + "\"", "")),
                arguments("exp as an ISO date", HEADER, payload(iat, "\"2099-01-01T00:00:00Z\"", "")),
                arguments("iat as a numeric string", HEADER, payload("\"" + iat + "\"", exp, "")),
                arguments("nbf as a string", HEADER, payload(iat, exp, ",\"nbf\":\"" + iat + "\"")),
                arguments("exp as a boolean", HEADER, payload(iat, "true", "")),
                arguments("exp beyond double range", HEADER, payload(iat, "1e400", "")));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("ambiguous")
    void verifyWhenJsonAmbiguousOrMistypedThenRefused(String name, String header, String payload) {
        InvalidTokenException error = catchThrowableOfType(InvalidTokenException.class,
                () -> VERIFIER.verify(signed(header, payload), TokenType.ACCESS));

        assertThat(error).as("must be refused").isNotNull();
    }

    @Test
    void verifyWhenJsonPlainThenAccepted() throws InvalidTokenException {
        String token = signed(HEADER, payload(Long.toString(NOW), Long.toString(NOW + 900), ""));

        assertThat(VERIFIER.verify(token, TokenType.ACCESS).subject()).isEqualTo("1");
    }
}

package io.portcullis.policy.token;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.jsonwebtoken.JwtBuilder;
import io.jsonwebtoken.Jwts;
import io.jsonwebtoken.security.SecureDigestAlgorithm;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.Key;
import java.security.PrivateKey;
import java.security.Signature;
import java.util.Base64;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Test tokens of external issuers with exactly the payload a test writes (integer or float ids included, which jjwt's
 * claims builder would refuse), signed by jjwt. Not a SimpleJWT: the migration test mints with the real one.
 */
public final class ExternalTokenMint {

    private static final ObjectMapper JSON = new ObjectMapper();

    private ExternalTokenMint() {
    }

    /** SimpleJWT's access token shape: token_type, exp, iat, jti, and {@code user_id} as given. */
    public static Map<String, Object> simpleJwtClaims(Instant now, Object userId) {
        Map<String, Object> claims = new LinkedHashMap<>();
        claims.put("token_type", "access");
        claims.put("exp", now.plusSeconds(300).getEpochSecond());
        claims.put("iat", now.getEpochSecond());
        claims.put("jti", "4f1c3e2a");
        claims.put("user_id", userId);
        return claims;
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    public static String sign(Map<String, Object> claims, String kid, Map<String, Object> headers, Key key,
                              SecureDigestAlgorithm algorithm) {
        try {
            JwtBuilder builder = Jwts.builder().header().type("JWT").keyId(kid).add(headers).and()
                    .content(JSON.writeValueAsString(claims).getBytes(StandardCharsets.UTF_8));
            return builder.signWith(key, algorithm).compact();
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** RS256 over exactly {@code header} and {@code claims} as JSON, for headers jjwt's builder would not write. */
    public static String rs256(Map<String, Object> header, Map<String, Object> claims, PrivateKey key) {
        try {
            Base64.Encoder base64 = Base64.getUrlEncoder().withoutPadding();
            String input = base64.encodeToString(JSON.writeValueAsBytes(header)) + "."
                    + base64.encodeToString(JSON.writeValueAsBytes(claims));
            Signature signature = Signature.getInstance("SHA256withRSA");
            signature.initSign(key);
            signature.update(input.getBytes(StandardCharsets.US_ASCII));
            return input + "." + base64.encodeToString(signature.sign());
        } catch (JsonProcessingException | GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    public static String sign(Map<String, Object> claims, String kid, Key key, SecureDigestAlgorithm algorithm) {
        return sign(claims, kid, Map.of(), key, algorithm);
    }
}

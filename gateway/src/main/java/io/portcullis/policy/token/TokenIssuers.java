package io.portcullis.policy.token;

import io.jsonwebtoken.io.DeserializationException;
import io.portcullis.policy.model.Issuer;

import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Which issuer a JWT belongs to, by the {@code iss} of its payload read before any verification (as Spring Security's
 * JwtIssuerAuthenticationManagerResolver): the iss only chooses the verifier, which then checks everything, that iss
 * included. The gateway's own {@code tokens.issuer} comes first; a token without iss belongs to the gateway when its
 * own tokens carry none, else to the one issuer with {@code issuer: null}. Without external issuers every token is
 * the gateway's, read exactly as before.
 */
public final class TokenIssuers {

    /** Thread-safe once built (Jackson's ObjectMapper), and costly to build: one for every token. */
    private static final StrictJson JSON = new StrictJson();

    private TokenIssuers() {
    }

    /**
     * The external issuer of {@code token}, or empty when it is the gateway's own.
     *
     * @throws InvalidTokenException when the payload cannot be read or its iss names no issuer
     */
    public static Optional<Issuer> externalIssuerOf(String token, String ownIssuer, List<Issuer> issuers)
            throws InvalidTokenException {
        if (issuers.isEmpty()) {
            return Optional.empty();
        }
        String iss = unverifiedIss(token);
        if (Objects.equals(iss, ownIssuer)) {
            return Optional.empty();
        }
        for (Issuer issuer : issuers) {
            if (Objects.equals(iss, issuer.issuer())) {
                return Optional.of(issuer);
            }
        }
        throw new InvalidTokenException("token_unknown_issuer");
    }

    /** The payload's iss (null when absent), read with the same strict JSON as verification (duplicates refused). */
    static String unverifiedIss(String token) throws InvalidTokenException {
        CompactJws.requireReadable(token);
        int start = token.indexOf('.') + 1;
        String payload = token.substring(start, token.indexOf('.', start));
        Map<String, ?> claims;
        try {
            claims = JSON.deserialize(Base64.getUrlDecoder().decode(payload));
        } catch (DeserializationException | IllegalArgumentException | ClassCastException e) {
            throw new InvalidTokenException("token_malformed");
        }
        Object iss = claims == null ? null : claims.get("iss");
        if (iss != null && !(iss instanceof String)) {
            throw new InvalidTokenException("token_malformed");
        }
        return (String) iss;
    }
}

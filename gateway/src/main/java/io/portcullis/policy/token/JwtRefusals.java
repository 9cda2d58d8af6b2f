package io.portcullis.policy.token;

import io.jsonwebtoken.ExpiredJwtException;
import io.jsonwebtoken.IncorrectClaimException;
import io.jsonwebtoken.MalformedJwtException;
import io.jsonwebtoken.MissingClaimException;
import io.jsonwebtoken.PrematureJwtException;
import io.jsonwebtoken.security.SecurityException;

/** jjwt's reasons for refusing a token, as the stable reason ids of {@link InvalidTokenException}; one map for every verifier. */
final class JwtRefusals {

    private JwtRefusals() {
    }

    /** {@code refusal}: what jjwt threw while parsing (a JwtException, IllegalArgumentException or ClassCastException). */
    static InvalidTokenException invalid(RuntimeException refusal) {
        if (refusal instanceof ExpiredJwtException) {
            return new InvalidTokenException("token_expired");
        }
        if (refusal instanceof PrematureJwtException) {
            return new InvalidTokenException("token_not_yet_valid");
        }
        if (refusal instanceof IncorrectClaimException incorrect) {
            return new InvalidTokenException("token_wrong_" + incorrect.getClaimName());
        }
        if (refusal instanceof MissingClaimException missing) {
            return new InvalidTokenException("token_wrong_" + missing.getClaimName());
        }
        if (refusal instanceof SecurityException) {
            return new InvalidTokenException("token_bad_signature");
        }
        if (refusal instanceof MalformedJwtException) {
            return new InvalidTokenException("token_malformed");
        }
        return new InvalidTokenException("token_rejected");
    }
}

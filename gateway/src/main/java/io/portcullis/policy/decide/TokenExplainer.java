package io.portcullis.policy.decide;

import io.portcullis.policy.PolicySnapshot;
import io.portcullis.policy.model.Identity;
import io.portcullis.policy.model.Issuer;
import io.portcullis.policy.model.User;
import io.portcullis.policy.parse.EnvironmentVariables;
import io.portcullis.policy.token.ClaimsIdentity;
import io.portcullis.policy.token.CredentialVersion;
import io.portcullis.policy.token.ExternalToken;
import io.portcullis.policy.token.ExternalTokenVerifier;
import io.portcullis.policy.token.InvalidTokenException;
import io.portcullis.policy.token.IssuerUnavailableException;
import io.portcullis.policy.token.JwtVerifier;
import io.portcullis.policy.token.SecretIssuerKeys;
import io.portcullis.policy.token.SigningKeys;
import io.portcullis.policy.token.TokenIssuers;
import io.portcullis.policy.token.TokenType;
import io.portcullis.policy.token.VerifiedToken;

import java.time.Clock;
import java.util.List;
import java.util.Optional;

/**
 * Whom a Bearer token speaks for, as the {@code jwt} scheme decides it, for {@code explain --token}: which issuer its
 * iss routes it to, whether that issuer's verification accepts it, and the user. Offline: the gateway's own tokens
 * are checked only with its keys at hand, and a public-key issuer's JWKS is never fetched.
 */
public final class TokenExplainer {

    private TokenExplainer() {
    }

    /**
     * @param ownKeys the gateway's signing keys, or null when they are not configured here
     * @param env     where the HS256 issuers' {@code secret_env} are read
     */
    public static Who who(PolicySnapshot snapshot, String token, SigningKeys ownKeys, EnvironmentVariables env,
                          Clock clock, List<String> steps) {
        Optional<Issuer> external;
        try {
            external = TokenIssuers.externalIssuerOf(token, snapshot.policy().tokens().issuer(), snapshot.policy().issuers());
        } catch (InvalidTokenException e) {
            return refused(steps, "token   refused before verification: " + e.reason(), e.reason());
        }
        return external.isPresent() ? external(snapshot, token, external.get(), env, clock, steps)
                : own(snapshot, token, ownKeys, clock, steps);
    }

    private static Who own(PolicySnapshot snapshot, String token, SigningKeys ownKeys, Clock clock, List<String> steps) {
        steps.add("issuer  " + Issuer.OWN_ID + " (the gateway's own tokens)");
        if (ownKeys == null) {
            return undecided(steps, "token   not checked: set PORTCULLIS_JWT_SECRET or PORTCULLIS_JWT_KEYS_DIR as the "
                    + "gateway has them");
        }
        VerifiedToken verified;
        try {
            verified = new JwtVerifier(ownKeys, snapshot.policy().tokens(), clock, 0).verify(token, TokenType.ACCESS);
        } catch (InvalidTokenException e) {
            return refused(steps, "token   refused: " + e.reason(), e.reason());
        }
        Optional<User> user = snapshot.users().byId(verified.subject());
        Who checked = activeUser(user, verified.subject(), steps);
        if (checked != null) {
            return checked;
        }
        if (!CredentialVersion.matches(verified.credentialVersion(), user.get())) {
            return refused(steps, "token   refused: issued before the user's password hash changed",
                    "token_credentials_changed");
        }
        steps.add(Explainer.userLine(user.get()));
        return new Who.Accepted(Identity.of(user.get(), "jwt"));
    }

    private static Who external(PolicySnapshot snapshot, String token, Issuer issuer, EnvironmentVariables env,
                                Clock clock, List<String> steps) {
        steps.add("issuer  " + issuer.id() + " (iss " + (issuer.issuer() == null ? "none" : issuer.issuer())
                + ", " + String.join(", ", issuer.algorithms()) + ")");
        if (!issuer.hmac()) {
            return undecided(steps, "token   not checked: the keys of " + issuer.id() + " are fetched by the running "
                    + "gateway (" + (issuer.discovery() ? "discovery" : issuer.jwksUrl()) + "); explain does not fetch them");
        }
        ExternalToken verified;
        try {
            verified = new ExternalTokenVerifier(issuer, new SecretIssuerKeys(env.get(issuer.secretEnv())),
                    snapshot.policy().tokens().leeway(), clock).verify(token);
        } catch (InvalidTokenException e) {
            return refused(steps, "token   refused: " + e.reason(), e.reason());
        } catch (IssuerUnavailableException e) {
            steps.add("token   keys of " + issuer.id() + " unavailable");
            return new Who.Refused(503, "issuer_unavailable");
        }
        if (issuer.users() == Issuer.Identities.CLAIMS) {
            Identity identity = ClaimsIdentity.of(issuer, verified, "jwt", snapshot.policy().identity().forwardClaims());
            steps.add("user    " + identity.username() + " (id " + identity.userId() + ", roles " + identity.roles()
                    + ", admin " + identity.admin() + ", from the token's claims)");
            return new Who.Accepted(identity);
        }
        Optional<User> user = snapshot.users().byId(verified.userId());
        Who checked = activeUser(user, verified.userId(), steps);
        if (checked != null) {
            return checked;
        }
        steps.add(Explainer.userLine(user.get()));
        return new Who.Accepted(Identity.of(user.get(), "jwt", issuer.id()));
    }

    /** Null when the user is known and active, else the 401 the gateway answers. */
    private static Who activeUser(Optional<User> user, String id, List<String> steps) {
        if (user.isEmpty()) {
            return refused(steps, "user    id " + id + " is not in users.yaml", "user_not_found");
        }
        if (!user.get().active()) {
            return refused(steps, "user    " + user.get().username() + " is inactive", "user_inactive");
        }
        return null;
    }

    private static Who refused(List<String> steps, String line, String reason) {
        steps.add(line);
        return new Who.Refused(401, reason);
    }

    /** The answer depends on keys explain does not have: status 0, no answer line. */
    private static Who undecided(List<String> steps, String line) {
        steps.add(line);
        return new Who.Refused(0, "not_checked_offline");
    }
}

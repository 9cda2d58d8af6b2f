package io.portcullis.gateway.issuers;

import io.portcullis.policy.model.Issuer;
import io.portcullis.policy.parse.EnvironmentVariables;
import io.portcullis.policy.token.IssuerKeys;
import io.portcullis.policy.token.SecretIssuerKeys;

/**
 * The key sources policy.yaml asks for: the HS256 secret of {@code secret_env}, or, for public-key issuers
 * ({@code jwks_url}, {@code discovery}), the source {@code jwks} makes. This is the one place where an issuer's keys are
 * chosen.
 */
public final class PolicyIssuerKeys implements IssuerKeysFactory {

    private final EnvironmentVariables env;
    private final IssuerKeysFactory jwks;

    /** {@code jwks}: makes and starts the JWKS source of an issuer with {@code jwks_url} or {@code discovery}. */
    public PolicyIssuerKeys(EnvironmentVariables env, IssuerKeysFactory jwks) {
        this.env = env;
        this.jwks = jwks;
    }

    @Override
    public IssuerKeys start(Issuer issuer) {
        if (issuer.hmac()) {
            // the policy check refused a missing or short secret before this issuer could get here
            return new SecretIssuerKeys(env.get(issuer.secretEnv()));
        }
        return jwks.start(issuer);
    }
}

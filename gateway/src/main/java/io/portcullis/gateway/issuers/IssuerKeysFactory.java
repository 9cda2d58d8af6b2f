package io.portcullis.gateway.issuers;

import io.portcullis.policy.model.Issuer;
import io.portcullis.policy.token.IssuerKeys;

/**
 * Makes the key source of one external issuer when it enters the policy. What it returns is started (a JWKS source
 * begins fetching) and, when it is {@link AutoCloseable}, closed once the issuer leaves the policy or changes.
 */
@FunctionalInterface
public interface IssuerKeysFactory {

    IssuerKeys start(Issuer issuer);
}

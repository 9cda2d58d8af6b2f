package io.portcullis.gateway.issuers;

import io.portcullis.policy.token.IssuerKeys;
import io.portcullis.policy.token.IssuerUnavailableException;

import java.security.Key;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * The keys of a public-key issuer for which no JWKS source is wired: never obtained, so its tokens get
 * {@code 503 issuer_unavailable}, never a guess.
 */
public final class UnfetchedIssuerKeys implements IssuerKeys {

    private final String issuerId;

    public UnfetchedIssuerKeys(String issuerId) {
        this.issuerId = issuerId;
    }

    @Override
    public Optional<Key> find(String kid, String algorithm) throws IssuerUnavailableException {
        throw new IssuerUnavailableException(issuerId);
    }

    @Override
    public CompletionStage<Boolean> refreshForUnknownKid() {
        return CompletableFuture.completedFuture(false);
    }
}

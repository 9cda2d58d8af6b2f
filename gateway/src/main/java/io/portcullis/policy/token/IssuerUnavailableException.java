package io.portcullis.policy.token;

/**
 * An external issuer's keys have never been obtained (its JWKS could not be fetched yet): its tokens can be neither
 * accepted nor refused, so clients get {@code 503 issuer_unavailable}. {@code issuerId} is the policy's {@code id}.
 */
public final class IssuerUnavailableException extends Exception {

    private final String issuerId;

    public IssuerUnavailableException(String issuerId) {
        super("keys of issuer " + issuerId + " were never obtained", null, false, false);
        this.issuerId = issuerId;
    }

    public String issuerId() {
        return issuerId;
    }
}

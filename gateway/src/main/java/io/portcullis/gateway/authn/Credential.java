package io.portcullis.gateway.authn;

/** A credential read from a request, not yet verified. {@code principal} is the claimed user (Basic), if any. */
public record Credential(String scheme, String principal, String secret) {

    /** Never prints the secret. */
    @Override
    public String toString() {
        return "Credential[scheme=" + scheme + ", principal=" + principal + "]";
    }
}

package io.portcullis.gateway.authn;

/**
 * A credential read from a request, not yet verified. {@code principal} is the claimed user (Basic), if any;
 * {@code transport} how it travelled, for schemes that care (Basic sends a password).
 */
public record Credential(String scheme, String principal, String secret, Transport transport) {

    public enum Transport {
        /** TLS terminated by this gateway. */
        TLS,
        /** Plain to this gateway, but a proxy in front says the client used HTTPS ({@code X-Forwarded-Proto}). */
        PROXY_TLS,
        PLAIN
    }

    public Credential(String scheme, String principal, String secret) {
        this(scheme, principal, secret, Transport.PLAIN);
    }

    /** Never prints the secret. */
    @Override
    public String toString() {
        return "Credential[scheme=" + scheme + ", principal=" + principal + ", transport=" + transport + "]";
    }
}

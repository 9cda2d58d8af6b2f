package io.portcullis.gateway.web;

/** Keys of the exchange attributes the pipeline phases hand to each other. */
public final class ExchangeAttributes {

    private static final String PREFIX = "io.portcullis.";

    /** The {@code PolicySnapshot} this request is decided with, read once. */
    public static final String SNAPSHOT = PREFIX + "snapshot";
    /** The {@code RouteMatch} of the normalised path. */
    public static final String ROUTE_MATCH = PREFIX + "routeMatch";
    /** The authenticated {@code Identity} (or anonymous). */
    public static final String IDENTITY = PREFIX + "identity";
    /** The {@code Decision} of the permission phase. */
    public static final String DECISION = PREFIX + "decision";
    /** The scheme of the last authenticator that read a credential (for failure metrics). */
    public static final String ATTEMPTED_SCHEME = PREFIX + "attemptedScheme";
    /** Nanoseconds the upstream took to answer with headers. */
    public static final String UPSTREAM_NANOS = PREFIX + "upstreamNanos";
    /** The request id, received or generated. */
    public static final String REQUEST_ID = PREFIX + "requestId";
    /** The {@code ApiError} the gateway answered with, if any. */
    public static final String ERROR = PREFIX + "error";

    private ExchangeAttributes() {
    }
}

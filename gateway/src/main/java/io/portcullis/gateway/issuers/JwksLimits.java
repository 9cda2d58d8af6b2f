package io.portcullis.gateway.issuers;

import java.time.Duration;

/**
 * How long and how much one fetch of an issuer's discovery document or JWKS may take, and how soon a failed fetch is
 * retried.
 *
 * @param connectTimeout  to open the connection (and finish TLS)
 * @param responseTimeout the longest wait for the next bytes of an answer
 * @param totalTimeout    the longest a whole fetch may take, so a server dribbling bytes cannot hold it forever
 * @param maxBytes        a larger answer is a failure, read no further
 * @param firstRetry      the wait after a first failure; it doubles after each further one (see {@link JwksKeys})
 */
public record JwksLimits(Duration connectTimeout, Duration responseTimeout, Duration totalTimeout, int maxBytes,
                         Duration firstRetry) {

    /** 5 s to connect, 5 s between bytes, 10 s in all, 512 KiB, a first retry after 10 s. */
    public static final JwksLimits DEFAULT = new JwksLimits(Duration.ofSeconds(5), Duration.ofSeconds(5),
            Duration.ofSeconds(10), 512 * 1024, Duration.ofSeconds(10));

    public JwksLimits {
        positive(connectTimeout, "connectTimeout");
        positive(responseTimeout, "responseTimeout");
        positive(totalTimeout, "totalTimeout");
        positive(firstRetry, "firstRetry");
        if (maxBytes <= 0) {
            throw new IllegalArgumentException("maxBytes must be positive, not " + maxBytes);
        }
        if (connectTimeout.toMillis() > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("connectTimeout is too long: " + connectTimeout);
        }
    }

    private static void positive(Duration duration, String name) {
        if (duration == null || duration.isNegative() || duration.isZero()) {
            throw new IllegalArgumentException(name + " must be positive, not " + duration);
        }
    }
}

package io.portcullis.gateway.guard;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.util.unit.DataSize;

import java.time.Duration;

/**
 * Process limits on what a client may send ({@code portcullis.limits.*}). Header bytes and the request line are
 * limited by the web server itself ({@code server.max-http-request-header-size}, {@code server.netty.max-initial-line-length}).
 *
 * @param maxHeaderCount most header fields in one request; more → 431
 * @param maxBodySize    largest request body; a larger {@code Content-Length} → 413 before anything is forwarded
 * @param readTimeout    longest pause between two reads of a request's body before the connection is closed
 */
@ConfigurationProperties("portcullis.limits")
public record RequestLimits(Integer maxHeaderCount, DataSize maxBodySize, Duration readTimeout) {

    public RequestLimits {
        maxHeaderCount = maxHeaderCount == null ? 100 : maxHeaderCount;
        maxBodySize = maxBodySize == null ? DataSize.ofMegabytes(10) : maxBodySize;
        readTimeout = readTimeout == null ? Duration.ofSeconds(30) : readTimeout;
    }
}

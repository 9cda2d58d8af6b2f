package io.portcullis.gateway.config;

import io.netty.channel.ChannelOption;
import io.portcullis.gateway.observe.UpstreamSpan;
import io.portcullis.gateway.observe.UpstreamTimer;
import io.portcullis.gateway.upstream.Forwarder;
import io.portcullis.gateway.upstream.StalledAnswers;
import io.portcullis.gateway.upstream.UndecodableAnswers;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.cloud.gateway.config.GatewayProperties;
import org.springframework.cloud.gateway.config.HttpClientProperties;
import org.springframework.cloud.gateway.config.HttpClientCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import reactor.netty.http.client.HttpClient;

import java.time.Duration;

/**
 * Wiring only, set once on the gateway's HTTP client: the mark on undecodable upstream answers, and the upstream
 * connect timeout ({@code portcullis.upstream.connect-timeout}, default 2 s; a route's own {@code timeouts.connect}
 * wins). Spring Cloud Gateway's {@code httpclient.connect-timeout} would do the same but makes its routing filter copy
 * the HTTP client's whole configuration on every request to apply it.
 */
@Configuration(proxyBeanMethods = false)
public class UpstreamConfiguration {

    /**
     * Policy routes are forwarded by {@link Forwarder} ({@code portcullis.upstream.forwarding: direct}, the default),
     * on Spring Cloud Gateway's HTTP client and its settings; {@code gateway} leaves them to Spring Cloud Gateway's own
     * routing filters (the same answers, at a higher cost per request: bench/RESULTS.md).
     */
    @Bean
    @ConditionalOnProperty(name = "portcullis.upstream.forwarding", havingValue = "direct", matchIfMissing = true)
    Forwarder forwarder(HttpClient gatewayHttpClient, HttpClientProperties client, GatewayProperties gateway,
                        UpstreamTimer timer, ObjectProvider<UpstreamSpan> tracing) {
        return new Forwarder(gatewayHttpClient, client.getResponseTimeout(), gateway.getStreamingMediaTypes(), timer,
                tracing.getIfAvailable());
    }

    @Bean
    HttpClientCustomizer upstreamConnectTimeout(@Value("${portcullis.upstream.connect-timeout:2s}") Duration timeout) {
        if (timeout.isNegative() || timeout.isZero() || timeout.toMillis() > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("portcullis.upstream.connect-timeout must be positive, not " + timeout);
        }
        int millis = (int) timeout.toMillis();
        return client -> client.option(ChannelOption.CONNECT_TIMEOUT_MILLIS, millis);
    }

    /**
     * An upstream whose answer has started but stops arriving for {@code portcullis.upstream.read-timeout} (default
     * 30 s) is cut off, and so is its client's answer: never a hang (DESIGN.md "Faults, limits and what is never lost").
     */
    @Bean
    HttpClientCustomizer upstreamReadTimeout(@Value("${portcullis.upstream.read-timeout:30s}") Duration timeout) {
        return client -> StalledAnswers.on(client, timeout);
    }

    /** An upstream answer that is not HTTP is a 502, not a 500 (DESIGN.md "Faults, limits and what is never lost"). */
    @Bean
    HttpClientCustomizer upstreamUndecodableAnswers() {
        return UndecodableAnswers::markedOn;
    }
}

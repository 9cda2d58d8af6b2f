package io.portcullis.gateway.config;

import io.micrometer.core.instrument.MeterRegistry;
import io.portcullis.gateway.observe.RequestObserver;
import io.portcullis.gateway.observe.RequestTracing;
import io.portcullis.gateway.observe.UpstreamTimer;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Access log, request id and metrics. */
@Configuration(proxyBeanMethods = false)
public class ObserveConfiguration {

    @Bean
    RequestObserver requestObserver(MeterRegistry metrics, ObjectProvider<RequestTracing> tracing) {
        return new RequestObserver(metrics, tracing.getIfAvailable(() -> RequestTracing.OFF));
    }

    @Bean
    UpstreamTimer upstreamTimer(MeterRegistry metrics) {
        return new UpstreamTimer(metrics);
    }
}

package io.portcullis.gateway.config;

import io.micrometer.tracing.Tracer;
import io.micrometer.tracing.propagation.Propagator;
import io.portcullis.gateway.observe.ServerSpans;
import io.portcullis.gateway.observe.UpstreamSpan;
import org.springframework.boot.micrometer.tracing.opentelemetry.autoconfigure.otlp.OtlpTracingConnectionDetails;
import org.springframework.boot.micrometer.tracing.opentelemetry.autoconfigure.otlp.Transport;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Conditional;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;

/**
 * Request tracing, when {@link TracingSwitch} says so: Boot's OpenTelemetry SDK, Micrometer's bridge and OTLP
 * exporter, used by the server span, the phases' child spans and the upstream span. Off, none of these beans exist:
 * no span is started, nothing is exported, and the pipeline runs as without tracing.
 */
@Configuration(proxyBeanMethods = false)
@Conditional(TracingSwitch.class)
public class TracingConfiguration {

    @Bean
    ServerSpans serverSpans(Tracer tracer, Propagator propagator) {
        return new ServerSpans(tracer, propagator);
    }

    @Bean
    UpstreamSpan upstreamSpan(Tracer tracer, Propagator propagator) {
        return new UpstreamSpan(tracer, propagator);
    }

    /** Where Boot's OTLP exporter sends the spans: Boot's property, or the OpenTelemetry SDK's variables. */
    @Bean
    OtlpTracingConnectionDetails otlpTracingConnectionDetails(Environment environment) {
        return transport -> {
            String endpoint = TracingSwitch.endpoint(environment, transport == Transport.GRPC);
            if (endpoint != null) {
                return endpoint;
            }
            return transport == Transport.GRPC ? TracingSwitch.DEFAULT_GRPC_ENDPOINT : TracingSwitch.DEFAULT_HTTP_ENDPOINT;
        };
    }
}

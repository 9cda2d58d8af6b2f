package io.portcullis.gateway.config;

import org.springframework.boot.autoconfigure.condition.ConditionOutcome;
import org.springframework.boot.autoconfigure.condition.SpringBootCondition;
import org.springframework.context.annotation.ConditionContext;
import org.springframework.core.env.Environment;
import org.springframework.core.type.AnnotatedTypeMetadata;

/**
 * Whether requests are traced (docs/observability.md), decided once at start-up: {@code portcullis.tracing.enabled}
 * ({@code PORTCULLIS_TRACING_ENABLED}) when set, otherwise whether an OTLP endpoint is configured. The endpoint is
 * Boot's {@code management.opentelemetry.tracing.export.otlp.endpoint}, else the OpenTelemetry SDK's variables
 * {@code OTEL_EXPORTER_OTLP_TRACES_ENDPOINT} (the full URL) or {@code OTEL_EXPORTER_OTLP_ENDPOINT} (a base URL, to which
 * {@code /v1/traces} is added for OTLP/HTTP, as the SDK does), else the SDK's default.
 */
final class TracingSwitch extends SpringBootCondition {

    static final String ENABLED = "portcullis.tracing.enabled";
    static final String ENDPOINT = "management.opentelemetry.tracing.export.otlp.endpoint";
    static final String DEFAULT_HTTP_ENDPOINT = "http://localhost:4318/v1/traces";
    static final String DEFAULT_GRPC_ENDPOINT = "http://localhost:4317";

    @Override
    public ConditionOutcome getMatchOutcome(ConditionContext context, AnnotatedTypeMetadata metadata) {
        Environment environment = context.getEnvironment();
        Boolean enabled = environment.getProperty(ENABLED, Boolean.class);
        if (enabled != null) {
            return new ConditionOutcome(enabled, ENABLED + " is " + enabled);
        }
        String endpoint = endpoint(environment, false);
        return new ConditionOutcome(endpoint != null, endpoint != null ? "an OTLP endpoint is set" : "no OTLP endpoint");
    }

    /** The configured traces URL (for gRPC, the collector's URL as given), or null. */
    static String endpoint(Environment environment, boolean grpc) {
        String boot = nonBlank(environment.getProperty(ENDPOINT));
        if (boot != null) {
            return boot;
        }
        String traces = nonBlank(environment.getProperty("OTEL_EXPORTER_OTLP_TRACES_ENDPOINT"));
        if (traces != null) {
            return traces;
        }
        String base = nonBlank(environment.getProperty("OTEL_EXPORTER_OTLP_ENDPOINT"));
        if (base == null || grpc) {
            return base;
        }
        return (base.endsWith("/") ? base : base + "/") + "v1/traces";
    }

    private static String nonBlank(String value) {
        return value == null || value.isBlank() ? null : value.strip();
    }
}

package io.portcullis.gateway.config;

import org.junit.jupiter.api.Test;
import org.springframework.mock.env.MockEnvironment;

import static org.assertj.core.api.Assertions.assertThat;

class TracingSwitchTest {

    @Test
    void noEndpointMeansNoTracing() {
        assertThat(TracingSwitch.endpoint(new MockEnvironment(), false)).isNull();
        assertThat(TracingSwitch.endpoint(new MockEnvironment().withProperty("OTEL_EXPORTER_OTLP_ENDPOINT", " "), false))
                .isNull();
    }

    @Test
    void theSdksBaseUrlGetsTheTracesPathForHttpOnly() {
        MockEnvironment environment = new MockEnvironment().withProperty("OTEL_EXPORTER_OTLP_ENDPOINT", "http://collector:4318/");

        assertThat(TracingSwitch.endpoint(environment, false)).isEqualTo("http://collector:4318/v1/traces");
        assertThat(TracingSwitch.endpoint(environment, true)).isEqualTo("http://collector:4318/");
    }

    @Test
    void bootsPropertyWinsOverTheTracesVariableWhichWinsOverTheBaseUrl() {
        MockEnvironment environment = new MockEnvironment()
                .withProperty("OTEL_EXPORTER_OTLP_ENDPOINT", "http://base:4318")
                .withProperty("OTEL_EXPORTER_OTLP_TRACES_ENDPOINT", "http://traces:4318/custom");

        assertThat(TracingSwitch.endpoint(environment, false)).isEqualTo("http://traces:4318/custom");
        environment.setProperty(TracingSwitch.ENDPOINT, "http://boot:4318/v1/traces");
        assertThat(TracingSwitch.endpoint(environment, false)).isEqualTo("http://boot:4318/v1/traces");
    }
}

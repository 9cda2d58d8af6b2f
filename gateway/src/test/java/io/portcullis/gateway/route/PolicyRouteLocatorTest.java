package io.portcullis.gateway.route;

import io.portcullis.policy.model.RouteTimeouts;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** A route's own timeouts become Spring Cloud Gateway's per-route metadata, in the types its routing filter reads. */
class PolicyRouteLocatorTest {

    @Test
    void timeoutMetadataWhenBothWrittenThenIntegerConnectAndLongResponseMillis() {
        Map<String, Object> metadata = PolicyRouteLocator.timeoutMetadata(
                new RouteTimeouts(Duration.ofSeconds(2), Duration.ofSeconds(30)));

        assertThat(metadata).containsExactlyInAnyOrderEntriesOf(Map.of("connect-timeout", 2000, "response-timeout", 30_000L));
    }

    @Test
    void timeoutMetadataWhenNoneWrittenThenEmptySoGlobalSettingsApply() {
        assertThat(PolicyRouteLocator.timeoutMetadata(RouteTimeouts.DEFAULTS)).isEmpty();
    }
}

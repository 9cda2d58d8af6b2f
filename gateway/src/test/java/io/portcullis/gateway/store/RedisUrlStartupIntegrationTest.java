package io.portcullis.gateway.store;

import io.portcullis.gateway.support.GatewayInstance;
import io.portcullis.policy.store.RedisSettingException;
import org.junit.jupiter.api.Test;
import org.springframework.boot.diagnostics.FailureAnalysis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

/** A malformed REDIS_URL stops start-up with its reason (never its password), before anything connects. */
class RedisUrlStartupIntegrationTest {

    @Test
    void aMalformedRedisUrlStopsStartUpWithItsReasonAndNoPassword() {
        Throwable failure = catchThrowable(() -> GatewayInstance.start(
                "--portcullis.policy.dir=../policy", "--redis.url=redis+sentinel://app:s3cret@s1:26379/0"));

        FailureAnalysis analysis = new RedisSettingsFailureAnalyzer().analyze(failure);

        assertThat(analysis).isNotNull();
        assertThat(analysis.getDescription()).isEqualTo("REDIS_URL: redis+sentinel:// needs ?master=NAME (the name the "
                + "sentinels monitor)");
        assertThat(analysis.getDescription() + analysis.getAction()).doesNotContain("s3cret");
    }

    @Test
    void aCaFileForAPlainTextRedisStopsStartUp() {
        assertThatThrownBy(() -> GatewayInstance.start("--portcullis.policy.dir=../policy",
                "--redis.url=redis://127.0.0.1:1", "--portcullis.redis.ca-file=../policy/policy.yaml"))
                .hasRootCauseInstanceOf(RedisSettingException.class)
                .rootCause().hasMessageContaining("PORTCULLIS_REDIS_CA_FILE is set but REDIS_URL is not TLS");
    }
}

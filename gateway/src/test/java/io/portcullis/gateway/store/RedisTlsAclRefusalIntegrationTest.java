package io.portcullis.gateway.store;

import io.portcullis.gateway.support.GatewayHarness;
import io.portcullis.gateway.support.GatewayInstance;
import io.portcullis.gateway.support.PolicyFixture;
import io.portcullis.gateway.support.RedisHarness;
import io.portcullis.gateway.support.RedisTlsHarness;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A TLS-only Redis with one ACL user refuses a gateway with the wrong password or without its authority: the store is
 * down (token state answers 503 {@code store_unavailable}), never silently in memory. Each test runs one gateway alone
 * (gateways in one JVM share the web server's event loops, which the first to close takes with it).
 */
class RedisTlsAclRefusalIntegrationTest {

    static final RedisTlsHarness redis = RedisTlsHarness.start();
    static final GatewayHarness harness = new GatewayHarness();
    static final Path POLICY = PolicyFixture.write("deployments", Map.of("upstream", harness.upstreamUrl()));

    @AfterAll
    static void stop() {
        harness.stop();
        redis.close();
    }

    private static GatewayInstance gateway(String url, String... more) {
        String[] args = new String[2 + more.length];
        args[0] = "--portcullis.policy.dir=" + POLICY;
        args[1] = "--redis.url=" + url;
        System.arraycopy(more, 0, args, 2, more.length);
        return GatewayInstance.start(args);
    }

    @Test
    void withTheWrongPasswordTheStoreIsDownAndARefreshAnswers503StoreUnavailable() {
        try (GatewayInstance refused = gateway(redis.urlWithWrongPassword(),
                "--portcullis.redis.ca-file=" + redis.caFile(), "--portcullis.store.key-prefix=" + RedisHarness.keyPrefix())) {
            String refresh = RedisDeploymentContract.JSON.readTree(RedisDeploymentContract.post(refused.port(),
                    "/auth/token/", "{\"username\":\"alice\",\"password\":\"alice-password\"}").body()).get("refresh").asString();

            assertThat(refused.bean(StoreBreaker.class).connection()).isEqualTo(StoreBreaker.Connection.DOWN);
            assertThat(RedisDeploymentContract.refresh(refused.port(), refresh).body()).contains("store_unavailable");
        }
    }

    @Test
    void withoutTheCaFileTheServersCertificateIsNotTrustedAndTheStoreIsDown() {
        try (GatewayInstance untrusting = gateway(redis.url())) {
            assertThat(untrusting.bean(StoreBreaker.class).connection()).isEqualTo(StoreBreaker.Connection.DOWN);
        }
    }
}

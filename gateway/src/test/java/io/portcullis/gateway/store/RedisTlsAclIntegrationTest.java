package io.portcullis.gateway.store;

import io.portcullis.gateway.support.RedisTlsHarness;

import java.util.List;

/**
 * The deployment contract on a Redis that speaks only TLS and lets in only one ACL user: {@code rediss://} with that
 * user's credentials, and the throwaway certificate's authority as {@code PORTCULLIS_REDIS_CA_FILE}.
 */
class RedisTlsAclIntegrationTest extends RedisDeploymentContract {

    RedisTlsHarness redis;

    @Override
    String deploy() {
        redis = RedisTlsHarness.start();
        return redis.url();
    }

    @Override
    List<String> properties() {
        return List.of("--portcullis.redis.ca-file=" + redis.caFile());
    }

    @Override
    void undeploy() {
        if (redis != null) {
            redis.close();
        }
    }
}

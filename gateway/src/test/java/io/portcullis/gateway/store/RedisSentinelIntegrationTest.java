package io.portcullis.gateway.store;

import io.portcullis.gateway.support.RedisSentinelHarness;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** The deployment contract on a Sentinel group: a master, a replica and three sentinels. */
class RedisSentinelIntegrationTest extends RedisDeploymentContract {

    RedisSentinelHarness group;

    @Override
    String deploy() {
        group = RedisSentinelHarness.start(3);
        return group.url();
    }

    /** Last: the group has no replica left afterwards. */
    @Test
    @Order(Integer.MAX_VALUE)
    void killingTheMasterMidLoadGivesOnlyStoreFailureAnswersAndRecoversOnThePromotedReplicaWithoutARestart()
            throws Exception {
        int killed = group.masterPort();

        failoverUnderLoad("sentinel", freshClient(), group::killMaster);

        assertThat(group.masterPort()).isNotEqualTo(killed);
    }

    @Override
    void undeploy() {
        if (group != null) {
            group.close();
        }
    }
}

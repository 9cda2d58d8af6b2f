package io.portcullis.gateway.store;

import io.portcullis.gateway.support.RedisClusterHarness;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;

/** The deployment contract on a Redis Cluster of three masters and three replicas. */
class RedisClusterIntegrationTest extends RedisDeploymentContract {

    RedisClusterHarness cluster;

    @Override
    String deploy() {
        cluster = RedisClusterHarness.start();
        return cluster.url();
    }

    /** Last: the cluster is one replica short afterwards. */
    @Test
    @Order(Integer.MAX_VALUE)
    void killingTheMasterOfAHotSlotMidLoadGivesOnlyStoreFailureAnswersAndRecoversWithoutARestart() throws Exception {
        String hotIp = freshClient();

        failoverUnderLoad("cluster", hotIp, () -> cluster.killMasterOf("ip:" + hotIp));
    }

    @Override
    void undeploy() {
        if (cluster != null) {
            cluster.close();
        }
    }
}

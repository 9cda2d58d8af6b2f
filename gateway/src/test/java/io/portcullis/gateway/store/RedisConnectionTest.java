package io.portcullis.gateway.store;

import io.lettuce.core.ClientOptions;
import io.lettuce.core.cluster.ClusterClientOptions;
import io.lettuce.core.cluster.ClusterTopologyRefreshOptions;
import io.lettuce.core.resource.ClientResources;
import io.portcullis.policy.store.RedisUrl;
import org.junit.jupiter.api.Test;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;

import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.time.Duration;
import java.util.EnumSet;
import java.util.function.Predicate;

import static org.assertj.core.api.Assertions.assertThat;

class RedisConnectionTest {

    private final LettuceConnectionFactory factory = RedisConnection.factory("redis://127.0.0.1:6379/3", Duration.ofMillis(500));

    private ClientOptions options() {
        return factory.getClientConfiguration().getClientOptions().orElseThrow();
    }

    @Test
    void commandsCarryNoLettuceTimerBecauseEveryCallerSetsItsOwnDeadline() {
        // Lettuce's per-command timer kept every finished request reachable for up to a tick: bench/RESULTS.md run 4.
        assertThat(options().getTimeoutOptions().isTimeoutCommands()).isFalse();
    }

    @Test
    void commandsAreRefusedAtOnceWhileRedisIsAway() {
        assertThat(options().getDisconnectedBehavior()).isEqualTo(ClientOptions.DisconnectedBehavior.REJECT_COMMANDS);
        assertThat(options().isAutoReconnect()).isTrue();
    }

    @Test
    void theUrlsDatabaseAndTheCommandTimeoutAreKept() {
        assertThat(factory.getDatabase()).isEqualTo(3);
        assertThat(factory.getClientConfiguration().getCommandTimeout()).isEqualTo(Duration.ofMillis(500));
    }

    @Test
    void theAddressLogsAndHealthShowIsHostAndPortNeverThePassword() {
        assertThat(RedisConnection.address("redis://portcullis:s3cret@redis.internal:6380/2")).isEqualTo("redis.internal:6380");
    }

    @Test
    void channelsToSentinelsSayNothingOfTheMasterButEveryOtherChannelReachesData() {
        Predicate<SocketAddress> sentinelGroup = RedisConnection.dataNodes(
                RedisUrl.parse("redis+sentinel://127.0.0.1:26379,sentinel-2:26380/0?master=main"));

        assertThat(sentinelGroup.test(new InetSocketAddress("127.0.0.1", 26379))).isFalse();
        assertThat(sentinelGroup.test(InetSocketAddress.createUnresolved("sentinel-2", 26380))).isFalse();
        assertThat(sentinelGroup.test(new InetSocketAddress("127.0.0.1", 6379))).isTrue();
        assertThat(RedisConnection.dataNodes(RedisUrl.parse("redis://127.0.0.1:26379"))
                .test(new InetSocketAddress("127.0.0.1", 26379))).isTrue();
    }

    @Test
    void aClusterConnectionFollowsTheTopologyOnEverySignOfChangeAndPeriodically() {
        ClusterClientOptions options = (ClusterClientOptions) RedisConnection.factory("redis+cluster://h1:7000,h2:7001",
                Duration.ofMillis(500)).getClientConfiguration().getClientOptions().orElseThrow();

        assertThat(options.getTopologyRefreshOptions().getAdaptiveRefreshTriggers())
                .containsAll(EnumSet.allOf(ClusterTopologyRefreshOptions.RefreshTrigger.class));
        assertThat(options.getTopologyRefreshOptions().isPeriodicRefreshEnabled()).isTrue();
        assertThat(options.getDisconnectedBehavior()).isEqualTo(ClientOptions.DisconnectedBehavior.REJECT_COMMANDS);
    }

    @Test
    void aLostConnectionIsTriedAgainAtLeastEverySecond() {
        ClientResources resources = RedisConnection.onWebServerLoops(() -> null);
        try {
            assertThat(resources.reconnectDelay().createDelay(50)).isLessThanOrEqualTo(Duration.ofSeconds(1));
        } finally {
            resources.shutdown();
        }
    }
}

package io.portcullis.gateway.store;

import io.lettuce.core.ClientOptions;
import io.lettuce.core.resource.ClientResources;
import org.junit.jupiter.api.Test;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;

import java.time.Duration;

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
    void aLostConnectionIsTriedAgainAtLeastEverySecond() {
        ClientResources resources = RedisConnection.onWebServerLoops(() -> null);
        try {
            assertThat(resources.reconnectDelay().createDelay(50)).isLessThanOrEqualTo(Duration.ofSeconds(1));
        } finally {
            resources.shutdown();
        }
    }
}

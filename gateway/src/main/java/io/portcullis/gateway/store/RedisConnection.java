package io.portcullis.gateway.store;

import io.lettuce.core.ClientOptions;
import io.lettuce.core.RedisURI;
import io.lettuce.core.SocketOptions;
import io.lettuce.core.TimeoutOptions;
import io.lettuce.core.resource.ClientResources;
import io.lettuce.core.resource.Delay;
import io.netty.channel.EventLoopGroup;
import org.springframework.data.redis.connection.RedisStandaloneConfiguration;
import org.springframework.data.redis.connection.lettuce.LettuceClientConfiguration;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;

import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/** Builds the Lettuce connection from {@code REDIS_URL}: fail fast while Redis is away, reconnect by itself. */
public final class RedisConnection {

    static final Duration MAX_RECONNECT_DELAY = Duration.ofSeconds(1);

    private RedisConnection() {
    }

    /**
     * Client resources whose I/O runs on the given (the web server's) event loops; see {@link WebServerEventLoops}.
     * A lost connection is tried again at most {@link #MAX_RECONNECT_DELAY} apart (Lettuce's default grows to 30 s), so
     * shared limits resume within about a second of Redis's return.
     */
    public static ClientResources onWebServerLoops(Supplier<EventLoopGroup> loops) {
        return ClientResources.builder().eventLoopGroupProvider(new WebServerEventLoops(loops))
                .reconnectDelay(Delay.exponential(Duration.ofMillis(1), MAX_RECONNECT_DELAY, 2, TimeUnit.MILLISECONDS))
                .build();
    }

    /** {@code host:port} of {@code url}: how logs and health name the server (never with its password). */
    public static String address(String url) {
        RedisURI uri = RedisURI.create(url);
        return uri.getHost() + ":" + uri.getPort();
    }

    public static LettuceConnectionFactory factory(String url, Duration commandTimeout) {
        return factory(url, commandTimeout, null);
    }

    /** With {@code resources} (may be null: Lettuce's own), e.g. {@link #onWebServerLoops}. */
    public static LettuceConnectionFactory factory(String url, Duration commandTimeout, ClientResources resources) {
        RedisURI uri = RedisURI.create(url);
        RedisStandaloneConfiguration server = new RedisStandaloneConfiguration(uri.getHost(), uri.getPort());
        server.setDatabase(uri.getDatabase());
        if (uri.getUsername() != null) {
            server.setUsername(uri.getUsername());
        }
        if (uri.getPassword() != null) {
            server.setPassword(uri.getPassword());
        }
        ClientOptions options = ClientOptions.builder()
                .autoReconnect(true)
                // Queued commands would wait for a Redis that may be gone for minutes: refuse them at once instead,
                // so callers apply their failure policy within their deadline.
                .disconnectedBehavior(ClientOptions.DisconnectedBehavior.REJECT_COMMANDS)
                .socketOptions(SocketOptions.builder().connectTimeout(commandTimeout).build())
                // No per-command timer: every caller puts its own deadline on its commands (StoreBreaker.call).
                // Lettuce's timer would hold each command, and through it the whole request, until its next tick
                // (100 ms) after the reply: at a few thousand requests/s that promoted tens of MB/s of finished requests
                // to the old generation and caused a full collection about once a second (p99 ~90 ms, bench/RESULTS.md).
                .timeoutOptions(TimeoutOptions.builder().timeoutCommands(false).build())
                .build();
        LettuceClientConfiguration.LettuceClientConfigurationBuilder client = LettuceClientConfiguration.builder()
                .commandTimeout(commandTimeout)
                .clientOptions(options);
        if (resources != null) {
            client.clientResources(resources);
        }
        if (uri.isSsl()) {
            client.useSsl();
        }
        LettuceConnectionFactory factory = new LettuceConnectionFactory(server, client.build());
        factory.setValidateConnection(false);
        return factory;
    }
}

package io.portcullis.gateway.store;

import io.lettuce.core.ClientOptions;
import io.lettuce.core.SocketOptions;
import io.lettuce.core.SslOptions;
import io.lettuce.core.TimeoutOptions;
import io.lettuce.core.cluster.ClusterClientOptions;
import io.lettuce.core.cluster.ClusterTopologyRefreshOptions;
import io.lettuce.core.cluster.models.partitions.RedisClusterNode.NodeFlag;
import io.lettuce.core.resource.ClientResources;
import io.lettuce.core.resource.NettyCustomizer;
import io.netty.channel.Channel;
import io.netty.handler.flush.FlushConsolidationHandler;
import io.lettuce.core.resource.Delay;
import io.netty.channel.EventLoopGroup;
import io.portcullis.policy.store.RedisUrl;
import org.springframework.data.redis.connection.RedisClusterConfiguration;
import org.springframework.data.redis.connection.RedisConfiguration;
import org.springframework.data.redis.connection.RedisSentinelConfiguration;
import org.springframework.data.redis.connection.RedisStandaloneConfiguration;
import org.springframework.data.redis.connection.lettuce.LettuceClientConfiguration;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;

import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.function.Supplier;

/**
 * Builds the Lettuce connection from {@code REDIS_URL} (a {@link RedisUrl}): one server, a Redis Cluster or a Sentinel
 * group, over TLS when the scheme says so. Fails fast while Redis is away and reconnects by itself; on a cluster it
 * follows the topology (failovers, resharding) without a restart.
 */
public final class RedisConnection {

    static final Duration MAX_RECONNECT_DELAY = Duration.ofSeconds(1);
    /** How often a cluster's topology is read again even when nothing suggests it changed. */
    static final Duration TOPOLOGY_REFRESH_PERIOD = Duration.ofSeconds(10);
    /** At most one topology refresh per this long triggered by redirects, lost connections or uncovered slots. */
    static final Duration ADAPTIVE_REFRESH_TIMEOUT = Duration.ofMillis(500);

    private RedisConnection() {
    }

    /**
     * Client resources whose I/O runs on the given (the web server's) event loops; see {@link WebServerEventLoops}.
     * A lost connection is tried again at most {@link #MAX_RECONNECT_DELAY} apart (Lettuce's default grows to 30 s), so
     * shared limits resume within about a second of Redis's return. Commands are pipelined ({@link #PIPELINED}).
     */
    public static ClientResources onWebServerLoops(Supplier<EventLoopGroup> loops) {
        return ClientResources.builder().eventLoopGroupProvider(new WebServerEventLoops(loops))
                .reconnectDelay(Delay.exponential(Duration.ofMillis(1), MAX_RECONNECT_DELAY, 2, TimeUnit.MILLISECONDS))
                .nettyCustomizer(PIPELINED)
                .build();
    }

    /**
     * Commands written while an event loop handles a batch of requests leave in one write when the batch is done,
     * instead of one system call (and one wake-up of Redis) each: concurrent requests share a round trip. Netty's
     * {@link FlushConsolidationHandler} defers each flush to the end of the loop's current run; no command waits
     * for another to arrive.
     */
    static final NettyCustomizer PIPELINED = new NettyCustomizer() {
        @Override
        public void afterChannelInitialized(Channel channel) {
            channel.pipeline().addFirst("portcullis.pipelined", new FlushConsolidationHandler(
                    FlushConsolidationHandler.DEFAULT_EXPLICIT_FLUSH_AFTER_FLUSHES, true));
        }
    };

    /** How logs and health name the deployment of {@code url} (never with its password). */
    public static String address(String url) {
        return RedisUrl.parse(url).address();
    }

    public static LettuceConnectionFactory factory(String url, Duration commandTimeout) {
        return factory(RedisUrl.parse(url), commandTimeout, null, null);
    }

    /**
     * With {@code resources} (may be null: Lettuce's own), e.g. {@link #onWebServerLoops}, and {@code caFile} (may be
     * null: the JDK's trusted authorities), the PEM certificates a TLS server's certificate must chain to.
     */
    public static LettuceConnectionFactory factory(RedisUrl url, Duration commandTimeout, ClientResources resources,
                                                   Path caFile) {
        LettuceClientConfiguration.LettuceClientConfigurationBuilder client = LettuceClientConfiguration.builder()
                .commandTimeout(commandTimeout)
                .clientOptions(options(url, commandTimeout, caFile));
        if (resources != null) {
            client.clientResources(resources);
        }
        if (url.tls()) {
            client.useSsl(); // verifies the peer, host name included
        }
        LettuceConnectionFactory factory = new LettuceConnectionFactory(server(url), client.build());
        factory.setValidateConnection(false);
        return factory;
    }

    /**
     * Which channels reach the data: all but those to the URL's sentinels (asked where the master is, then closed), so
     * that a sentinel's answer is not taken for the master's return. Netty reports the address connected to, by name
     * when the URL gave a name.
     */
    static Predicate<SocketAddress> dataNodes(RedisUrl url) {
        if (url.topology() != RedisUrl.Topology.SENTINEL) {
            return address -> true;
        }
        return address -> !(address instanceof InetSocketAddress inet && url.nodes().stream().anyMatch(sentinel ->
                sentinel.port() == inet.getPort() && (sentinel.host().equalsIgnoreCase(inet.getHostString())
                        || inet.getAddress() != null && sentinel.host().equals(inet.getAddress().getHostAddress()))));
    }

    private static RedisConfiguration server(RedisUrl url) {
        return switch (url.topology()) {
            case STANDALONE -> {
                RedisStandaloneConfiguration server = new RedisStandaloneConfiguration(url.nodes().get(0).host(),
                        url.nodes().get(0).port());
                server.setDatabase(url.database());
                server.setUsername(url.username());
                server.setPassword(url.password());
                yield server;
            }
            case CLUSTER -> {
                RedisClusterConfiguration cluster = new RedisClusterConfiguration();
                url.nodes().forEach(node -> cluster.clusterNode(node.host(), node.port()));
                cluster.setUsername(url.username());
                cluster.setPassword(url.password());
                yield cluster;
            }
            case SENTINEL -> {
                // The URL's credentials are the data nodes' (master and replicas); the sentinels take none.
                RedisSentinelConfiguration sentinel = new RedisSentinelConfiguration().master(url.master());
                url.nodes().forEach(node -> sentinel.sentinel(node.host(), node.port()));
                sentinel.setDatabase(url.database());
                sentinel.setUsername(url.username());
                sentinel.setPassword(url.password());
                yield sentinel;
            }
        };
    }

    private static ClientOptions options(RedisUrl url, Duration commandTimeout, Path caFile) {
        ClientOptions.Builder options = url.topology() == RedisUrl.Topology.CLUSTER
                ? ClusterClientOptions.builder().topologyRefreshOptions(topologyRefresh())
                // A node that failed stays in CLUSTER NODES for a while: never route to it, nor connect to it.
                .nodeFilter(node -> !(node.is(NodeFlag.FAIL) || node.is(NodeFlag.EVENTUAL_FAIL) || node.is(NodeFlag.NOADDR)))
                : ClientOptions.builder();
        options.autoReconnect(true)
                // Queued commands would wait for a Redis that may be gone for minutes: refuse them at once instead,
                // so callers apply their failure policy within their deadline.
                .disconnectedBehavior(ClientOptions.DisconnectedBehavior.REJECT_COMMANDS)
                .socketOptions(SocketOptions.builder().connectTimeout(commandTimeout).build())
                // No per-command timer: every caller puts its own deadline on its commands (StoreBreaker.call).
                // Lettuce's timer would hold each command, and through it the whole request, until its next tick
                // (100 ms) after the reply: at a few thousand requests/s that promoted tens of MB/s of finished requests
                // to the old generation and caused a full collection about once a second (p99 ~90 ms, bench/RESULTS.md).
                .timeoutOptions(TimeoutOptions.builder().timeoutCommands(false).build());
        if (url.tls() && caFile != null) {
            options.sslOptions(SslOptions.builder().jdkSslProvider().trustManager(caFile.toFile()).build());
        }
        return options.build();
    }

    /**
     * Lettuce reads a cluster's topology once by default, and would route a failed master's slots to it until restarted:
     * read it again on every sign of change (MOVED/ASK redirects, reconnect attempts, an uncovered slot) and
     * periodically, so a promoted replica takes over within about a second of its promotion.
     */
    private static ClusterTopologyRefreshOptions topologyRefresh() {
        return ClusterTopologyRefreshOptions.builder()
                .enablePeriodicRefresh(TOPOLOGY_REFRESH_PERIOD)
                .enableAllAdaptiveRefreshTriggers()
                .adaptiveRefreshTriggersTimeout(ADAPTIVE_REFRESH_TIMEOUT)
                .refreshTriggersReconnectAttempts(2)
                .build();
    }
}

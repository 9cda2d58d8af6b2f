package io.portcullis.gateway.store;

import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.resource.ClientResources;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.nio.NioIoHandler;
import io.portcullis.gateway.support.FreePort;
import io.portcullis.gateway.support.RedisProcess;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Commands issued together on an event loop (the requests of one batch) reach Redis in one write, not one each: a
 * private Redis counts the reads it made.
 */
class PipelinedCommandsIntegrationTest {

    static final int COMMANDS = 50;
    static RedisProcess redis;
    static EventLoopGroup loops;

    @BeforeAll
    static void start() {
        int port = FreePort.find();
        redis = RedisProcess.start(port, null, List.of("--port", Integer.toString(port)));
        // the transport Lettuce picks (native epoll where available), as the web server's loops are
        loops = new MultiThreadIoEventLoopGroup(1, Epoll.isAvailable() ? EpollIoHandler.newFactory() : NioIoHandler.newFactory());
    }

    @AfterAll
    static void stop() {
        redis.close();
        loops.shutdownGracefully(0, 1, TimeUnit.SECONDS);
    }

    private static long readsProcessed() {
        Matcher reads = Pattern.compile("total_reads_processed:(\\d+)")
                .matcher(RedisProcess.cli("-p", Integer.toString(redis.port()), "INFO", "stats"));
        assertThat(reads.find()).isTrue();
        return Long.parseLong(reads.group(1));
    }

    @Test
    void commandsIssuedInOneRunOfTheEventLoopReachRedisInOneWrite() throws Exception {
        ClientResources resources = RedisConnection.onWebServerLoops(() -> loops);
        RedisClient client = RedisClient.create(resources, "redis://127.0.0.1:" + redis.port());
        try (StatefulRedisConnection<String, String> connection = client.connect()) {
            connection.sync().ping();
            long before = readsProcessed();

            List<CompletableFuture<Long>> replies = new ArrayList<>();
            // on the connection's own event loop, as a request's throttle calls are issued
            loops.next().submit(() -> {
                for (int i = 0; i < COMMANDS; i++) {
                    replies.add(connection.async().incr("pipelined").toCompletableFuture());
                }
            }).get(5, TimeUnit.SECONDS);

            CompletableFuture.allOf(replies.toArray(CompletableFuture[]::new)).get(5, TimeUnit.SECONDS);
            assertThat(replies).hasSize(COMMANDS).last().satisfies(last -> assertThat(last.join()).isEqualTo(COMMANDS));
            // one read for the batch; a few more at most if the kernel split the write (the INFO call itself is one)
            assertThat(readsProcessed() - before).isLessThanOrEqualTo(4);
        } finally {
            client.shutdown(Duration.ZERO, Duration.ofSeconds(1));
            resources.shutdown(0, 1, TimeUnit.SECONDS);
        }
    }
}

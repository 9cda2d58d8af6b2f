package io.portcullis.deploy;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.portcullis.gateway.support.FreePort;
import io.portcullis.gateway.support.GatewayHarness;
import io.portcullis.gateway.support.GatewayHarness.Users;
import io.portcullis.gateway.support.GatewayInstance;
import io.portcullis.gateway.support.PolicyFixture;
import io.portcullis.gateway.support.RedisHarness;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * deploy/haproxy/haproxy.cfg itself, run by a real HAProxy (Debian's {@code haproxy}; skipped where it is not
 * installed) in front of three gateways on one Redis: only the ports are moved to free ones. It spreads requests over
 * the three, a user's rate stays exact through it, and an instance whose readiness turns {@code OUT_OF_SERVICE} (as
 * when its shutdown begins) is taken out by the health check. (Stopping an instance outright is not tried here: the
 * in-JVM gateways share Reactor Netty's global resources, which closing one context disposes for all.)
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class HaproxyConfigIntegrationTest {

    static final Path HAPROXY = Path.of("/usr/sbin/haproxy");
    static final GatewayHarness harness = new GatewayHarness();
    static final List<GatewayInstance> gateways = new ArrayList<>();
    static RedisHarness redis;
    static Process haproxy;
    static int port;

    @TempDir
    static Path tmp;

    @BeforeAll
    static void start() throws IOException, InterruptedException {
        Process install = new ProcessBuilder("../bin/install-haproxy").inheritIO().start();
        assertThat(install.waitFor(10, TimeUnit.MINUTES) && install.exitValue() == 0)
                .as("bin/install-haproxy installs Debian's haproxy").isTrue();
        redis = RedisHarness.startPrivate();
        Path policy = PolicyFixture.write("scale", Map.of("upstream", harness.upstreamUrl()));
        String prefix = RedisHarness.keyPrefix();
        for (int i = 0; i < 3; i++) {
            gateways.add(GatewayInstance.start("--portcullis.policy.dir=" + policy, "--redis.url=" + redis.url(),
                    "--portcullis.store.key-prefix=" + prefix));
        }
        port = FreePort.find();
        String config = Files.readString(Path.of("../deploy/haproxy/haproxy.cfg"))
                .replace("bind :8000", "bind 127.0.0.1:" + port)
                .replace("bind 127.0.0.1:8405", "bind 127.0.0.1:" + FreePort.find());
        for (int i = 0; i < 3; i++) {
            String server = "server gateway-%d 127.0.0.1:%d check port %d";
            String original = server.formatted(i + 1, 8091 + i, 8181 + i);
            assertThat(config).contains(original);
            config = config.replace(original, server.formatted(i + 1, gateways.get(i).port(), gateways.get(i).managementPort()));
        }
        Files.writeString(tmp.resolve("haproxy.cfg"), config);
        haproxy = new ProcessBuilder(HAPROXY.toString(), "-db", "-f", tmp.resolve("haproxy.cfg").toString())
                .redirectErrorStream(true).redirectOutput(tmp.resolve("haproxy.log").toFile()).start();
        // every instance passed its readiness check (rise 2): each one has answered
        await().atMost(Duration.ofSeconds(30)).until(() -> IntStream.range(0, 6).map(i -> status("/public/x")).allMatch(s -> s == 200)
                && gateways.stream().allMatch(gateway -> requests(gateway) > 0));
    }

    @AfterAll
    static void stop() throws InterruptedException {
        if (haproxy != null) {
            haproxy.destroy();
            haproxy.waitFor();
        }
        gateways.forEach(GatewayInstance::close);
        harness.stop();
        if (redis != null) {
            redis.stop();
        }
    }

    private static int status(String path, String... headers) {
        return harness.send(port, "GET", path, headers).statusCode();
    }

    private static double requests(GatewayInstance gateway) {
        return gateway.bean(MeterRegistry.class).find("portcullis.requests").counters().stream().mapToDouble(Counter::count).sum();
    }

    /** A request is counted when its exchange completes, which may be just after the client has its answer. */
    private static List<Double> settledRequestCounts() {
        List<List<Double>> looks = new ArrayList<>();
        await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(100)).until(() -> {
            looks.add(gateways.stream().map(HaproxyConfigIntegrationTest::requests).toList());
            return looks.size() > 1 && looks.get(looks.size() - 1).equals(looks.get(looks.size() - 2));
        });
        return looks.get(looks.size() - 1);
    }

    @Test
    @Order(1)
    void spreadsRequestsOverTheThreeAndAUserRateStaysExactThroughIt() {
        List<Double> before = settledRequestCounts();
        String bearer = "Bearer " + harness.accessToken(Users.BOB);

        List<Integer> statuses = IntStream.range(0, 30).mapToObj(i -> status("/api/x", "Authorization", bearer)).toList();

        assertThat(statuses.stream().filter(s -> s == 200)).hasSize(5);
        assertThat(statuses).containsOnly(200, 429);
        List<Double> after = settledRequestCounts();
        for (int i = 0; i < 3; i++) {
            assertThat(after.get(i) - before.get(i)).as("gateway-" + (i + 1)).isEqualTo(10);
        }
    }

    @Test
    @Order(2)  // leaves one instance out of service
    void anInstanceWhoseReadinessTurnsOutOfServiceGetsNoMoreRequests() {
        GatewayInstance leaving = gateways.get(2);
        leaving.refuseTraffic();  // what a gateway does when its shutdown begins

        await().atMost(Duration.ofSeconds(30)).until(() -> {
            double before = requests(leaving);
            IntStream.range(0, 6).forEach(i -> status("/public/x"));
            return requests(leaving) == before;
        });
        double before = requests(leaving);
        List<Integer> statuses = IntStream.range(0, 30).mapToObj(i -> status("/public/x")).toList();

        assertThat(statuses).containsOnly(200);
        assertThat(requests(leaving)).isEqualTo(before);
    }
}

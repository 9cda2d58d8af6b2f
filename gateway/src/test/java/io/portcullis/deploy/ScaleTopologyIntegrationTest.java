package io.portcullis.deploy;

import io.portcullis.gateway.support.GatewayHarness;
import io.portcullis.gateway.support.GatewayHarness.Users;
import io.portcullis.gateway.support.GatewayInstance;
import io.portcullis.gateway.support.PolicyFixture;
import io.portcullis.gateway.support.RawHttp;
import io.portcullis.gateway.support.RedisHarness;
import io.portcullis.gateway.support.RoundRobinProxy;
import io.portcullis.gateway.support.SimpleJwtAnswers;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The topology of {@code docker compose --profile scale up}, as processes: three gateways sharing one (private) Redis
 * behind a round-robin balancer, every request on a connection of its own so consecutive requests land on different
 * instances. A user's rate is exact across the three, and a refresh token rotated through one instance is refused
 * as reused through another.
 */
class ScaleTopologyIntegrationTest {

    static final GatewayHarness harness = new GatewayHarness();
    static final RedisHarness redis = RedisHarness.startPrivate();
    static final String PREFIX = RedisHarness.keyPrefix();
    static final Path POLICY = PolicyFixture.write("scale", Map.of("upstream", harness.upstreamUrl()));
    static final int USER_RATE = 5;
    static final JsonMapper json = JsonMapper.builder().build();
    static final List<GatewayInstance> gateways = new ArrayList<>();
    static RoundRobinProxy balancer;

    @BeforeAll
    static void start() {
        for (int i = 0; i < 3; i++) {
            gateways.add(GatewayInstance.start("--portcullis.policy.dir=" + POLICY, "--redis.url=" + redis.url(),
                    "--portcullis.store.key-prefix=" + PREFIX));
        }
        balancer = RoundRobinProxy.start(gateways.stream().map(GatewayInstance::port).toList());
    }

    @AfterAll
    static void stop() throws IOException {
        balancer.close();
        gateways.forEach(GatewayInstance::close);
        harness.stop();
        redis.stop();
    }

    private static RawHttp.Response get(String path, String... headers) {
        return RawHttp.send(balancer.port(), "GET " + path + " HTTP/1.1", headers);
    }

    private static RawHttp.Response postJson(String path, String body) {
        int length = body.getBytes(StandardCharsets.UTF_8).length;
        return RawHttp.sendExactly(balancer.port(), "POST " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                + "Content-Type: application/json\r\nContent-Length: " + length + "\r\nConnection: close\r\n\r\n" + body);
    }

    private static String field(RawHttp.Response response, String name) {
        return json.readTree(response.body()).get(name).asString();
    }

    /** The instance the balancer sent the latest connection to. */
    private static int lastInstance() {
        List<Integer> routed = balancer.routed();
        return routed.get(routed.size() - 1);
    }

    @Test
    void aUserRateOfFiveAdmitsExactlyFiveOfSixtyConcurrentRequestsSpreadOverThreeInstances() {
        String bearer = "Authorization: Bearer " + harness.accessToken(Users.BOB);
        int before = balancer.routed().size();
        ExecutorService clients = Executors.newFixedThreadPool(60);
        List<Integer> statuses;
        try {
            List<CompletableFuture<Integer>> answers = IntStream.range(0, 60)
                    .mapToObj(i -> CompletableFuture.supplyAsync(() -> get("/api/x", bearer).status(), clients)).toList();
            statuses = answers.stream().map(CompletableFuture::join).toList();
        } finally {
            clients.shutdown();
        }
        List<Integer> instances = balancer.routed().subList(before, before + 60);

        assertThat(statuses).containsOnly(200, 429);
        assertThat(statuses.stream().filter(status -> status == 200)).hasSize(USER_RATE);
        assertThat(instances.stream().distinct()).containsExactlyInAnyOrder(0, 1, 2);
        assertThat(instances.stream().filter(instance -> instance == 0)).hasSize(20);
    }

    @Test
    void aRefreshTokenRotatedThroughOneInstanceIsRefusedAsReusedThroughAnother() {
        RawHttp.Response login = postJson("/auth/token/", "{\"username\":\"alice\",\"password\":\"alice-password\"}");
        assertThat(login.status()).as(login.body()).isEqualTo(200);
        String refresh = field(login, "refresh");

        RawHttp.Response rotated = postJson("/auth/token/refresh/", "{\"refresh\":\"" + refresh + "\"}");
        int rotatedBy = lastInstance();
        RawHttp.Response reused = postJson("/auth/token/refresh/", "{\"refresh\":\"" + refresh + "\"}");
        int reusedThrough = lastInstance();
        RawHttp.Response successor = postJson("/auth/token/refresh/", "{\"refresh\":\"" + field(rotated, "refresh") + "\"}");
        int successorThrough = lastInstance();

        assertThat(rotated.status()).as(rotated.body()).isEqualTo(200);
        assertThat(reused.status()).isEqualTo(401);
        assertThat(reused.body()).isEqualTo(SimpleJwtAnswers.endpointRefused(SimpleJwtAnswers.BLACKLISTED));
        // the reuse revoked the whole login, on the third instance too
        assertThat(successor.status()).isEqualTo(401);
        assertThat(List.of(rotatedBy, reusedThrough, successorThrough)).containsExactlyInAnyOrder(0, 1, 2);
    }
}

package io.portcullis.gateway.store;

import io.portcullis.gateway.support.GatewayHarness;
import io.portcullis.gateway.support.GatewayInstance;
import io.portcullis.gateway.support.PolicyFixture;
import io.portcullis.gateway.support.RedisHarness;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.TestInstance;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.IntFunction;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * DESIGN.md "Redis deployments": on every kind of Redis deployment, two gateway instances sharing it keep the
 * guarantees of "Faults, limits and what is never lost" — exact limits under concurrency, a refresh token rotated
 * exactly once, a revocation seen by every instance. Written once; each subclass starts one deployment.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
abstract class RedisDeploymentContract {

    static final int BURST = 50;
    static final HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();
    static final JsonMapper JSON = JsonMapper.builder().build();
    private static final AtomicLong clients = new AtomicLong();

    final GatewayHarness harness = new GatewayHarness();
    final String prefix = RedisHarness.keyPrefix();
    final Path policy = PolicyFixture.write("deployments", Map.of("upstream", harness.upstreamUrl()));
    GatewayInstance first;
    GatewayInstance second;

    /** Starts the deployment; returns its {@code REDIS_URL}. */
    abstract String deploy();

    /** Further gateway properties the deployment needs (a CA file, say). */
    List<String> properties() {
        return List.of();
    }

    abstract void undeploy();

    @BeforeAll
    void start() {
        String url = deploy();
        first = gateway(url);
        second = gateway(url);
        for (int i = 0; i < 20; i++) { // warm: a cold gateway's first replies are its slowest
            concurrently(10, n -> getAsync(n % 2 == 0 ? first.port() : second.port(), "/probe/warm", freshClient()));
        }
    }

    @AfterAll
    void stop() {
        try {
            closeQuietly(first);
            closeQuietly(second);
            harness.stop();
        } finally {
            undeploy();
        }
    }

    private GatewayInstance gateway(String url) {
        List<String> args = new ArrayList<>(List.of("--portcullis.policy.dir=" + policy, "--redis.url=" + url,
                "--portcullis.store.key-prefix=" + prefix));
        args.addAll(properties());
        return GatewayInstance.start(args.toArray(String[]::new));
    }

    private static void closeQuietly(GatewayInstance gateway) {
        if (gateway != null) {
            gateway.close();
        }
    }

    @Test
    void fiftyConcurrentRequestsAcrossTwoInstancesAdmitExactlyFiveBurstAfterBurst() {
        List<Long> admitted = new ArrayList<>();
        for (int i = 0; i < 4; i++) { // four client addresses: on a cluster, counters in several slots
            admitted.add(burst(freshClient()));
        }

        assertThat(admitted).containsExactly(5L, 5L, 5L, 5L);
    }

    @Test
    void ofConcurrentRefreshesOfOneTokenAcrossTwoInstancesExactlyOneRotates() {
        String refresh = login(first.port()).get("refresh").asString();

        List<Integer> statuses = concurrently(20, i -> postAsync(i % 2 == 0 ? first.port() : second.port(),
                "/auth/token/refresh/", "{\"refresh\":\"" + refresh + "\"}")).stream().map(HttpResponse::statusCode).toList();

        assertThat(statuses).filteredOn(status -> status == 200).hasSize(1);
        assertThat(statuses).filteredOn(status -> status == 401).hasSize(19);
    }

    @Test
    void aRefreshTokenBlacklistedOnOneInstanceIsRefusedByTheOther() {
        String refresh = login(first.port()).get("refresh").asString();

        assertThat(post(first.port(), "/auth/token/blacklist/", "{\"refresh\":\"" + refresh + "\"}").statusCode()).isEqualTo(200);

        HttpResponse<String> elsewhere = refresh(second.port(), refresh);
        assertThat(elsewhere.statusCode()).isEqualTo(401);
        assertThat(elsewhere.body()).contains("token_not_valid");
    }

    @Test
    void anOpaqueTokenMadeOnOneInstanceWorksOnTheOtherUntilItIsDeletedThere() {
        HttpResponse<String> made = post(first.port(), "/auth/api-token/", "{\"username\":\"alice\",\"password\":\"alice-password\"}");
        assertThat(made.statusCode()).as(made.body()).isEqualTo(200);
        String token = "Token " + JSON.readTree(made.body()).get("token").asString();
        assertThat(send(second.port(), "GET", "/api/x", token).statusCode()).isEqualTo(200);

        assertThat(send(second.port(), "DELETE", "/auth/api-token/", token).statusCode()).isEqualTo(204);

        assertThat(send(first.port(), "GET", "/api/x", token).statusCode()).isEqualTo(401);
    }

    /**
     * Kills a master (by {@code kill}) under load from both instances: requests on the high-rate route from client
     * {@code hotIp} (whose counter's slot the master holds), and logins each followed by a refresh on the other
     * instance. While Redis fails over, throttled requests get only 200 or 429 (store_failure: deny), refreshes only
     * 200 or 503 store_unavailable: never a 500, never a hang (every request has a 10 s client timeout). Then, with
     * no restart, everything answers 200 again and limits are exact. Returns the recovery time in milliseconds (from
     * the kill to the last answer that was not 200), printed for bench/FAULTS.md.
     */
    long failoverUnderLoad(String deployment, String hotIp, Runnable kill) throws InterruptedException {
        Failover load = Failover.start(List.of(
                new Failover.Load("throttle", i -> getAsync(i % 2 == 0 ? first.port() : second.port(), "/probe/x", hotIp)),
                new Failover.Load("throttle", i -> getAsync(i % 2 == 0 ? second.port() : first.port(), "/probe/x", hotIp)),
                new Failover.Load("refresh", i -> loginThenRefresh(i % 2 == 0 ? first.port() : second.port(),
                        i % 2 == 0 ? second.port() : first.port()))));
        long recovery;
        try {
            long before = System.currentTimeMillis();
            assertThat(load.awaitRecovery(before, 1_000, 20, 30_000)).as("all good before the kill").isEqualTo(before);
            long killedAt = System.currentTimeMillis();
            kill.run();
            long recoveredAt = load.awaitRecovery(killedAt, 3_000, 50, 60_000);
            assertThat(recoveredAt).as("recovered within 60 s of the kill").isPositive();
            recovery = recoveredAt - killedAt;
        } finally {
            load.stop();
        }
        List<Failover.Answer> answers = load.all();
        assertThat(answers).filteredOn(answer -> answer.what().equals("throttle"))
                .allSatisfy(answer -> assertThat(answer.status()).as(answer.body()).isIn(200, 429));
        assertThat(answers).filteredOn(answer -> answer.what().equals("refresh"))
                .allSatisfy(answer -> assertThat(answer.status() == 200
                        || answer.status() == 503 && answer.body().contains("store_unavailable")).as(answer.status()
                        + " " + answer.body()).isTrue());
        assertThat(burst(freshClient())).as("exact again after the failover").isEqualTo(5);
        System.out.printf("FAILOVER %s: recovered %d ms after the kill; %d answers, %d not 200 (%s)%n", deployment,
                recovery, answers.size(), answers.stream().filter(answer -> !answer.good()).count(),
                answers.stream().filter(answer -> !answer.good()).map(answer -> answer.what() + ":" + answer.status())
                        .distinct().toList());
        return recovery;
    }

    /** A login (which touches no Redis state) on one instance, then a refresh of its token on {@code refreshPort}. */
    private CompletableFuture<HttpResponse<String>> loginThenRefresh(int loginPort, int refreshPort) {
        return postAsync(loginPort, "/auth/token/", "{\"username\":\"alice\",\"password\":\"alice-password\"}")
                .thenCompose(login -> login.statusCode() != 200 ? CompletableFuture.completedFuture(login)
                        : postAsync(refreshPort, "/auth/token/refresh/", "{\"refresh\":\""
                        + JSON.readTree(login.body()).get("refresh").asString() + "\"}"));
    }

    /** 50 requests at once on the 5/minute route from {@code ip}, alternating between the instances; how many were admitted. */
    long burst(String ip) {
        List<HttpResponse<String>> responses = concurrently(BURST, i -> getAsync(i % 2 == 0 ? first.port() : second.port(),
                "/five/x", ip));
        List<Integer> statuses = responses.stream().map(HttpResponse::statusCode).toList();
        assertThat(statuses).containsOnly(200, 429);
        return statuses.stream().filter(status -> status == 200).count();
    }

    static String freshClient() {
        long n = clients.incrementAndGet();
        return "10." + (n >> 16 & 255) + "." + (n >> 8 & 255) + "." + (n & 255);
    }

    JsonNode login(int port) {
        HttpResponse<String> response = post(port, "/auth/token/", "{\"username\":\"alice\",\"password\":\"alice-password\"}");
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return JSON.readTree(response.body());
    }

    static HttpResponse<String> refresh(int port, String refresh) {
        return post(port, "/auth/token/refresh/", "{\"refresh\":\"" + refresh + "\"}");
    }

    static HttpResponse<String> post(int port, String path, String json) {
        return postAsync(port, path, json).join();
    }

    private static HttpResponse<String> send(int port, String method, String path, String authorization) {
        return sendAsync(HttpRequest.newBuilder(uri(port, path)).header("Authorization", authorization)
                .method(method, HttpRequest.BodyPublishers.noBody())).join();
    }

    static CompletableFuture<HttpResponse<String>> getAsync(int port, String path, String clientIp) {
        return sendAsync(HttpRequest.newBuilder(uri(port, path)).header("X-Forwarded-For", clientIp).GET());
    }

    static CompletableFuture<HttpResponse<String>> postAsync(int port, String path, String json) {
        return sendAsync(HttpRequest.newBuilder(uri(port, path)).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json)));
    }

    /** Every answer within 10 s, or the request fails: a request that hangs is a failure of its own. */
    static CompletableFuture<HttpResponse<String>> sendAsync(HttpRequest.Builder request) {
        return client.sendAsync(request.timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
    }

    /** {@code n} requests sent at once; their answers, in order. */
    static List<HttpResponse<String>> concurrently(int n, IntFunction<CompletableFuture<HttpResponse<String>>> request) {
        List<CompletableFuture<HttpResponse<String>>> sent = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            sent.add(request.apply(i));
        }
        return sent.stream().map(CompletableFuture::join).toList();
    }

    private static URI uri(int port, String path) {
        return URI.create("http://127.0.0.1:" + port + path);
    }
}

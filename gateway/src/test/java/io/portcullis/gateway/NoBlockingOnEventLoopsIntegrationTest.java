package io.portcullis.gateway;

import com.github.tomakehurst.wiremock.http.Fault;
import io.portcullis.gateway.reload.PolicyHolder;
import io.portcullis.gateway.support.BlockingCalls;
import io.portcullis.gateway.support.DjangoDatabase;
import io.portcullis.policy.PolicySnapshot;
import io.portcullis.policy.parse.PolicyLoader;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.cloud.gateway.event.RefreshRoutesEvent;
import org.springframework.context.ApplicationEventPublisher;
import io.portcullis.gateway.support.GatewayHarness;
import io.portcullis.gateway.support.PolicyFixture;
import io.portcullis.gateway.support.RedisHarness;
import io.portcullis.gateway.users.UserStores;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import reactor.core.publisher.Mono;
import reactor.netty.resources.LoopResources;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import java.io.FileOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.any;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * STYLE.md "Nothing blocks an event-loop thread": every hot path, driven through real sockets against the real
 * application (Redis for tokens and counters, WireMock upstream), makes no blocking call on a Netty event loop or a
 * Reactor non-blocking scheduler, as BlockHound sees it. The other tests prove the recorder does see a deliberate
 * sleep on each kind of thread, and a synchronous console line, so an empty record means something.
 */
@SpringBootTest(classes = GatewayApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class NoBlockingOnEventLoopsIntegrationTest {

    static {
        BlockingCalls.install(new EventLoopAllowances());
    }

    static final GatewayHarness harness = upstreamWithAFaultyPath();
    static final String PREFIX = RedisHarness.keyPrefix();
    static final String ALICE_API_KEY = "test-api-key-for-alice-0123456789";
    private static final JsonMapper JSON = JsonMapper.builder().build();

    @LocalServerPort
    int port;

    @Autowired
    PolicyHolder holder;

    @Autowired
    ApplicationEventPublisher events;

    @Autowired
    UserStores stores;

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        registry.add("portcullis.policy.dir", () -> PolicyFixture.write("event-loops", Map.of("upstream", harness.upstreamUrl())).toString());
        registry.add("portcullis.jwt.secret", () -> GatewayHarness.JWT_SECRET);
        registry.add("management.server.port", () -> "0");
        registry.add("redis.url", () -> RedisHarness.shared().url());
        registry.add("portcullis.store.key-prefix", () -> PREFIX);
    }

    private static GatewayHarness upstreamWithAFaultyPath() {
        GatewayHarness harness = new GatewayHarness();
        harness.upstream().stubFor(any(urlPathEqualTo("/faulty/reset")).willReturn(aResponse().withFault(Fault.CONNECTION_RESET_BY_PEER)));
        return harness;
    }

    @AfterAll
    static void stopUpstream() {
        harness.stop();
    }

    @Test
    void everyHotPathRunsWithoutBlockingAnEventLoop() throws IOException {
        BlockingCalls.drain();

        withConsoleAsInProduction(() -> {
            forwarding();
            bearerTokens();
            tokenEndpoints();
            otherSchemes();
            denials();
        });

        assertThat(BlockingCalls.drain()).isEmpty();
    }

    /**
     * The same schemes with users in a database (PostgreSQL over R2DBC, the Django schema): look-ups, their cache, and
     * Django password hashes never block an event loop.
     */
    @Test
    void databaseUserLookupsRunWithoutBlockingAnEventLoop() throws Exception {
        PolicySnapshot yamlUsers = holder.current();
        try (DjangoDatabase database = DjangoDatabase.create(DjangoDatabase.POSTGRES_SERVER)) {
            String key = database.apply(Map.of("op", "user", "username", "dbuser", "password", "db-password",
                    "groups", List.of("editor")), Map.of("op", "token", "username", "dbuser")).path("tokens").path("dbuser").asString();
            Path policy = PolicyFixture.write("sql-users", Map.of("upstream", harness.upstreamUrl(), "cache", "30s"));
            swap(PolicyLoader.load(policy, Map.of("PORTCULLIS_USERS_DATABASE_URL", database.url())::get));
            awaitDatabase();
            BlockingCalls.drain();

            withConsoleAsInProduction(() -> {
                String access = json(post("/auth/token/", "{\"username\":\"dbuser\",\"password\":\"db-password\"}", 200))
                        .get("access").asString();
                post("/auth/token/", "{\"username\":\"nobody\",\"password\":\"db-password\"}", 401);
                assertThat(get("/api/x", "Authorization", "Bearer " + access).statusCode()).isEqualTo(200);
                assertThat(get("/api/x", "Authorization", "Token " + key).statusCode()).isEqualTo(200);
                String basic = Base64.getEncoder().encodeToString("dbuser:db-password".getBytes(StandardCharsets.UTF_8));
                assertThat(get("/api/x", "Authorization", "Basic " + basic).statusCode()).isEqualTo(200);
            });

            assertThat(BlockingCalls.drain()).isEmpty();
        } finally {
            swap(yamlUsers);
        }
    }

    /** Until the pool's first connection is made (a cold JVM on a loaded machine may take longer than a deadline). */
    private void awaitDatabase() throws InterruptedException {
        for (int i = 0; i < 50 && harness.postJson(port, "/auth/token/", "{\"username\":\"nobody\",\"password\":\"x\"}")
                .statusCode() == 503; i++) {
            Thread.sleep(200);
        }
    }

    /** As a reload does: the new snapshot, then its routes (refreshed asynchronously: waited for). */
    private void swap(PolicySnapshot snapshot) throws InterruptedException {
        stores.prepare(snapshot);
        holder.swap(snapshot);
        events.publishEvent(new RefreshRoutesEvent(this));
        String probe = "/" + snapshot.policy().routes().get(0).paths().get(0).replace("/**", "").replace("/", "") + "/probe";
        for (int i = 0; i < 50 && get(probe).statusCode() == 404; i++) {
            Thread.sleep(100);
        }
    }

    @Test
    void aSleepOnAReactorParallelThreadIsRecorded() {
        BlockingCalls.drain();

        Mono.delay(Duration.ofMillis(1)).doOnNext(tick -> sleepOneMilli()).block(Duration.ofSeconds(5));

        assertThat(BlockingCalls.drain()).anySatisfy(call -> assertThat(call).contains("java.lang.Thread.sleep").contains(" on parallel-"));
    }

    @Test
    void aSleepOnANettyEventLoopIsRecorded() {
        BlockingCalls.drain();

        onANettyEventLoop(NoBlockingOnEventLoopsIntegrationTest::sleepOneMilli);

        assertThat(BlockingCalls.drain()).anySatisfy(call -> assertThat(call).contains("java.lang.Thread.sleep").contains(" on blocking-check-"));
    }

    @Test
    void aSynchronousConsoleLogLineOnANettyEventLoopIsRecorded() throws IOException {
        BlockingCalls.drain();

        withConsoleAsInProduction(() -> onANettyEventLoop(() -> {
            LoggerFactory.getLogger(NoBlockingOnEventLoopsIntegrationTest.class).warn("a line through the root console appender");
            return null;
        }));

        assertThat(BlockingCalls.drain()).anySatisfy(call -> assertThat(call).contains("java.io.FileOutputStream").contains(" on blocking-check-"));
    }

    private void forwarding() {
        assertThat(get("/public/x").statusCode()).isEqualTo(200);
        post("/public/x", "{\"buffered\":true}", 200);
    }

    private void bearerTokens() {
        assertThat(get("/editors/x", "Authorization", "Bearer " + harness.accessToken(GatewayHarness.Users.ALICE)).statusCode()).isEqualTo(200);
        assertThat(get("/editors/x", "Authorization", "Bearer not.a.jwt").statusCode()).isEqualTo(401);
    }

    private void tokenEndpoints() {
        JsonNode pair = json(post("/auth/token/", credentials("alice"), 200));
        String access = pair.get("access").asString();
        assertThat(get("/editors/x", "Authorization", "Bearer " + access).statusCode()).isEqualTo(200);
        post("/auth/token/verify/", "{\"token\":\"" + access + "\"}", 200);
        String rotated = json(post("/auth/token/refresh/", "{\"refresh\":\"" + pair.get("refresh").asString() + "\"}", 200)).get("refresh").asString();
        post("/auth/token/blacklist/", "{\"refresh\":\"" + rotated + "\"}", 200);
        post("/auth/token/refresh/", "{\"refresh\":\"" + rotated + "\"}", 401);
        post("/auth/token/", "{\"username\":\"alice\",\"password\":\"wrong\"}", 401);
    }

    private void otherSchemes() {
        String opaque = json(post("/auth/api-token/", credentials("alice"), 200)).get("token").asString();
        assertThat(get("/editors/x", "Authorization", "Token " + opaque).statusCode()).isEqualTo(200);
        assertThat(get("/editors/x", "X-API-Key", ALICE_API_KEY).statusCode()).isEqualTo(200);
        String basic = Base64.getEncoder().encodeToString("alice:alice-password".getBytes(StandardCharsets.UTF_8));
        assertThat(get("/editors/x", "Authorization", "Basic " + basic).statusCode()).isEqualTo(200);
    }

    private void denials() {
        assertThat(get("/editors/x").statusCode()).isEqualTo(401);
        assertThat(get("/editors/x", "Authorization", "Bearer " + harness.accessToken(GatewayHarness.Users.BOB)).statusCode()).isEqualTo(403);
        assertThat(get("/tight/x").statusCode()).isEqualTo(200);
        assertThat(get("/tight/x").statusCode()).isEqualTo(429);
        assertThat(get("/nowhere").statusCode()).isEqualTo(404);
        assertThat(get("/faulty/reset").statusCode()).isEqualTo(502);
    }

    /**
     * Runs {@code paths} with {@code System.out} and {@code System.err} writing straight to a file, as they do under
     * {@code java -jar}, where a console log line is a {@code FileOutputStream} write on the logging thread. Surefire's
     * own streams buffer the line and write it from a flusher thread, which would hide that from BlockHound.
     */
    private static void withConsoleAsInProduction(Runnable paths) throws IOException {
        PrintStream out = System.out;
        PrintStream err = System.err;
        Path file = Files.createTempFile("portcullis-console", ".log");
        try (PrintStream console = new PrintStream(new FileOutputStream(file.toFile()), true, StandardCharsets.UTF_8)) {
            System.setOut(console);
            System.setErr(console);
            paths.run();
        } finally {
            System.setOut(out);
            System.setErr(err);
            Files.deleteIfExists(file);
        }
    }

    private static void onANettyEventLoop(Callable<Void> task) {
        LoopResources loops = LoopResources.create("blocking-check", 1, true);
        try {
            loops.onServer(false).next().submit(task).get(5, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        } finally {
            loops.disposeLater().block(Duration.ofSeconds(5));
        }
    }

    private HttpResponse<String> get(String path, String... headers) {
        return harness.send(port, "GET", path, headers);
    }

    private HttpResponse<String> post(String path, String json, int expectedStatus) {
        HttpResponse<String> response = harness.postJson(port, path, json);
        assertThat(response.statusCode()).as(path + " " + response.body()).isEqualTo(expectedStatus);
        return response;
    }

    private static String credentials(String username) {
        return "{\"username\":\"" + username + "\",\"password\":\"" + username + "-password\"}";
    }

    private static JsonNode json(HttpResponse<String> response) {
        return JSON.readTree(response.body());
    }

    private static Void sleepOneMilli() {
        try {
            Thread.sleep(1);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return null;
    }
}

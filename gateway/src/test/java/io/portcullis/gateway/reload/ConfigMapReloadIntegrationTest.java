package io.portcullis.gateway.reload;

import io.portcullis.gateway.GatewayApplication;
import io.portcullis.gateway.support.GatewayHarness;
import io.portcullis.gateway.support.PolicyFixture;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalManagementPort;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * DESIGN.md "Hot reload" with the policy directory of a Kubernetes ConfigMap (or projected) volume, updated exactly as
 * the kubelet's AtomicWriter does it: the files are symlinks {@code policy.yaml -> ..data/policy.yaml}, and
 * {@code ..data} is a symlink to a timestamped directory; an update writes a new timestamped directory, points a
 * {@code ..data_tmp} symlink at it, renames that over {@code ..data} and deletes the old directory. No file the
 * gateway names is ever written in place, so only the content behind the symlinks tells that anything changed.
 */
@SpringBootTest(classes = GatewayApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class ConfigMapReloadIntegrationTest {

    static final GatewayHarness harness = new GatewayHarness();
    static final Path source = PolicyFixture.write("pipeline", Map.of("upstream", harness.upstreamUrl(), "refused", "http://127.0.0.1:1"));
    static final String POLICY = read(source.resolve("policy.yaml"));
    static final String USERS = read(source.resolve("users.yaml"));
    static final AtomicInteger versions = new AtomicInteger();
    static final Path volume = configMapVolume();

    @LocalServerPort
    int port;

    @LocalManagementPort
    int managementPort;

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        registry.add("portcullis.policy.dir", volume::toString);
        registry.add("portcullis.jwt.secret", () -> GatewayHarness.JWT_SECRET);
        registry.add("management.server.port", () -> "0");
        registry.add("portcullis.policy.poll-interval", () -> "200ms");
    }

    @AfterAll
    static void stop() {
        harness.stop();
    }

    private static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The volume as the kubelet first creates it: one timestamped directory, {@code ..data}, and the file symlinks. */
    private static Path configMapVolume() {
        try {
            Path dir = Files.createTempDirectory("portcullis-configmap");
            Path first = writeVersion(dir, POLICY, USERS);
            Files.createSymbolicLink(dir.resolve("..data"), first.getFileName());
            for (String file : List.of("policy.yaml", "users.yaml")) {
                Files.createSymbolicLink(dir.resolve(file), Path.of("..data", file));
            }
            return dir;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Path writeVersion(Path dir, String policy, String users) throws IOException {
        int n = versions.getAndIncrement();
        Path version = Files.createDirectory(dir.resolve("..2026_12_05_00_00_%02d.%03d".formatted(n, 100 + n)));
        Files.writeString(version.resolve("policy.yaml"), policy);
        Files.writeString(version.resolve("users.yaml"), users);
        return version;
    }

    /** The kubelet's update: new timestamped directory, {@code ..data_tmp} renamed over {@code ..data}, old one deleted. */
    private static void swap(String policy, String users) throws IOException {
        Path old = volume.resolve("..data").toRealPath();
        Path next = writeVersion(volume, policy, users);
        Path tmp = Files.createSymbolicLink(volume.resolve("..data_tmp"), next.getFileName());
        Files.move(tmp, volume.resolve("..data"), StandardCopyOption.ATOMIC_MOVE);  // rename(2): atomic
        for (String file : List.of("policy.yaml", "users.yaml")) {
            Files.delete(old.resolve(file));
        }
        Files.delete(old);
    }

    private static String withRoute(String id) {
        return POLICY.replace("routes:\n", """
                routes:
                  - id: %s
                    path: /%s/**
                    upstream: %s
                    permission: AllowAny
                """.formatted(id, id, harness.upstreamUrl()));
    }

    private int get(String path) {
        return harness.send(port, "GET", path).statusCode();
    }

    private String health() {
        return harness.send(managementPort, "GET", "/actuator/health/policy").body();
    }

    /** Sends GET /public/x in a loop until stopped; the statuses it got. */
    private final class Traffic implements AutoCloseable {
        final ConcurrentLinkedQueue<Integer> statuses = new ConcurrentLinkedQueue<>();
        final AtomicBoolean running = new AtomicBoolean(true);
        final Thread thread = new Thread(() -> {
            while (running.get()) {
                statuses.add(get("/public/x"));
            }
        }, "traffic");

        Traffic() {
            thread.start();
        }

        @Override
        public void close() throws InterruptedException {
            running.set(false);
            thread.join(30_000);
        }
    }

    @Test
    void aSwappedDataSymlinkTakesEffectAndNoRequestFailsDuringTheSwap() throws Exception {
        assertThat(get("/swapped/x")).isEqualTo(404);
        Traffic traffic = new Traffic();
        try (traffic) {
            await().atMost(Duration.ofSeconds(10)).until(() -> traffic.statuses.size() > 20);
            swap(withRoute("swapped"), USERS);
            await().atMost(Duration.ofSeconds(10)).until(() -> get("/swapped/x") == 200);
            int seen = traffic.statuses.size();
            await().atMost(Duration.ofSeconds(10)).until(() -> traffic.statuses.size() > seen + 20);
        }

        assertThat(traffic.statuses).hasSizeGreaterThan(40).containsOnly(200);
        assertThat(health()).contains("\"status\":\"UP\"");
        try (var entries = Files.list(volume)) {
            assertThat(entries.filter(entry -> entry.getFileName().toString().startsWith("..20"))).hasSize(1);
        }
    }

    @Test
    void aBrokenPolicySwappedInIsRefusedAndTheLastGoodOneKeepsServing() throws Exception {
        swap(withRoute("good"), USERS);
        await().atMost(Duration.ofSeconds(10)).until(() -> get("/good/x") == 200);
        Traffic traffic = new Traffic();
        try (traffic) {
            swap(withRoute("good").replaceFirst("permission: AllowAny", "permission: AllowAnyone")
                    .replace("path: /public/**", "path: /gone/**"), USERS);
            await().atMost(Duration.ofSeconds(10)).until(() -> health().contains("STALE"));
        }

        assertThat(health()).contains("unknown permission 'AllowAnyone'").contains("policy.yaml:");
        assertThat(traffic.statuses).isNotEmpty().containsOnly(200);
        assertThat(get("/good/x")).isEqualTo(200);
        assertThat(get("/gone/x")).isEqualTo(404);
    }
}

package io.portcullis.deploy;

import io.portcullis.gateway.support.GatewayHarness;
import io.portcullis.gateway.support.GatewayHarness.Users;
import io.portcullis.gateway.support.GatewayInstance;
import io.portcullis.gateway.support.PolicyFixture;
import io.portcullis.gateway.support.RedisHarness;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.net.Socket;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.IntConsumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The premise of README "Running many instances": how many times a request goes to Redis on each path, counted on a
 * private Redis around a known number of requests. {@code INFO commandstats} counts every command Redis ran,
 * including those a script runs inside one call; {@code MONITOR} tells the gateway's own commands (round trips) from a
 * script's ({@code [0 lua]}). Every request comes from a client address of its own, as real traffic does.
 */
class RedisRoundTripsIntegrationTest {

    static final int REQUESTS = 50;
    static final GatewayHarness harness = new GatewayHarness();
    static final RedisHarness redis = RedisHarness.startPrivate();
    static final Path POLICY = PolicyFixture.write("capacity", Map.of("upstream", harness.upstreamUrl()));
    static final JsonMapper json = JsonMapper.builder().build();
    static final AtomicLong clients = new AtomicLong();
    static final Monitor monitor = new Monitor();
    static GatewayInstance gateway;

    @BeforeAll
    static void start() {
        gateway = GatewayInstance.start("--portcullis.policy.dir=" + POLICY, "--redis.url=" + redis.url(),
                "--portcullis.store.key-prefix=" + RedisHarness.keyPrefix());
        monitor.start();
        // Steady state: a script's first call on a server is EVALSHA, NOSCRIPT, then EVAL; after that Redis has it.
        String refresh = json.readTree(login().body()).get("refresh").asString();
        harness.postJson(gateway.port(), "/auth/token/refresh/", "{\"refresh\":\"" + refresh + "\"}");
    }

    @AfterAll
    static void stop() {
        gateway.close();
        harness.stop();
        redis.stop();
    }

    /** What {@code REQUESTS} requests of one path cost Redis: round trips and commands run, per request. */
    record Cost(String path, Map<String, Long> roundTrips, Map<String, Long> commands) {
        double roundTripsPerRequest() {
            return roundTrips.values().stream().mapToLong(Long::longValue).sum() / (double) REQUESTS;
        }

        double commandsPerRequest() {
            return commands.values().stream().mapToLong(Long::longValue).sum() / (double) REQUESTS;
        }

        @Override
        public String toString() {
            return "%s: %.2f round trips %s, %.2f commands run %s per request".formatted(path, roundTripsPerRequest(),
                    roundTrips, commandsPerRequest(), commands);
        }
    }

    private static Cost measure(String path, IntConsumer request) {
        monitor.awaitQuiet();
        Map<String, Long> statsBefore = commandStats();
        Map<String, Long> tripsBefore = monitor.counts();
        for (int i = 0; i < REQUESTS; i++) {
            request.accept(i);
        }
        monitor.awaitQuiet();
        Cost cost = new Cost(path, difference(monitor.counts(), tripsBefore), difference(commandStats(), statsBefore));
        System.out.println("redis-round-trips " + cost);
        return cost;
    }

    private static Map<String, Long> difference(Map<String, Long> after, Map<String, Long> before) {
        Map<String, Long> difference = new TreeMap<>();
        after.forEach((command, calls) -> {
            long delta = calls - before.getOrDefault(command, 0L);
            if (delta > 0 && !command.startsWith("info") && !command.startsWith("monitor")) {
                difference.put(command, delta);
            }
        });
        return difference;
    }

    private static String freshClient() {
        long n = clients.incrementAndGet();
        return "10." + (n >> 16 & 255) + "." + (n >> 8 & 255) + "." + (n & 255);
    }

    private static HttpResponse<String> login() {
        return harness.postJson(gateway.port(), "/auth/token/", "{\"username\":\"alice\",\"password\":\"alice-password\"}",
                "X-Forwarded-For", freshClient());
    }

    @Test
    void anonymousRequestGoesToRedisOnceForBothItsThrottles() {
        Cost cost = measure("anonymous", i -> assertThat(harness.send(gateway.port(), "GET", "/public/x",
                "X-Forwarded-For", freshClient()).statusCode()).isEqualTo(200));

        assertThat(cost.roundTrips()).containsOnlyKeys("evalsha");
        assertThat(cost.roundTripsPerRequest()).isEqualTo(1.0);
    }

    @Test
    void jwtRequestWithAUserThrottleGoesToRedisOnce() {
        String bearer = "Bearer " + harness.accessToken(Users.ALICE);

        Cost cost = measure("jwt+user", i -> assertThat(harness.send(gateway.port(), "GET", "/api/x",
                "Authorization", bearer, "X-Forwarded-For", freshClient()).statusCode()).isEqualTo(200));

        assertThat(cost.roundTrips()).containsOnlyKeys("evalsha");
        assertThat(cost.roundTripsPerRequest()).isEqualTo(1.0);
    }

    @Test
    void loginGoesToRedisOnceForItsTwoThrottles() {
        Cost cost = measure("login", i -> assertThat(login().statusCode()).isEqualTo(200));

        assertThat(cost.roundTrips()).containsOnlyKeys("evalsha");
        assertThat(cost.roundTripsPerRequest()).isEqualTo(1.0);
    }

    @Test
    void refreshGoesToRedisOnceForItsRotation() {
        List<String> refreshTokens = new ArrayList<>();
        for (int i = 0; i < REQUESTS; i++) {
            refreshTokens.add(json.readTree(login().body()).get("refresh").asString());
        }

        Cost cost = measure("refresh", i -> assertThat(harness.postJson(gateway.port(), "/auth/token/refresh/",
                "{\"refresh\":\"" + refreshTokens.get(i) + "\"}", "X-Forwarded-For", freshClient()).statusCode()).isEqualTo(200));

        assertThat(cost.roundTrips()).containsOnlyKeys("evalsha");
        assertThat(cost.roundTripsPerRequest()).isEqualTo(1.0);
    }

    /** {@code INFO commandstats}: calls per command since the server started. */
    private static Map<String, Long> commandStats() {
        Pattern line = Pattern.compile("cmdstat_([^:]+):calls=(\\d+)");
        Map<String, Long> calls = new TreeMap<>();
        Matcher matcher = line.matcher(info());
        while (matcher.find()) {
            calls.put(matcher.group(1), Long.parseLong(matcher.group(2)));
        }
        return calls;
    }

    private static String info() {
        try (Socket socket = new Socket("127.0.0.1", redis.port())) {
            socket.getOutputStream().write("INFO commandstats\r\n".getBytes(StandardCharsets.US_ASCII));
            BufferedReader in = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.UTF_8));
            int length = Integer.parseInt(in.readLine().substring(1));
            char[] body = new char[length];
            int read = 0;
            while (read < length) {
                read += in.read(body, read, length - read);
            }
            return new String(body, 0, read);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A {@code MONITOR} connection counting the commands clients sent (not those scripts ran), by name. */
    static final class Monitor {
        private static final Pattern COMMAND = Pattern.compile("^\\+[\\d.]+ \\[\\d+ ([^\\]]+)] \"([^\"]+)\"");
        private final Map<String, Long> counts = new ConcurrentHashMap<>();
        private final AtomicLong lastLine = new AtomicLong(System.nanoTime());

        void start() {
            try {
                Socket socket = new Socket("127.0.0.1", redis.port());
                socket.getOutputStream().write("MONITOR\r\n".getBytes(StandardCharsets.US_ASCII));
                BufferedReader in = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.UTF_8));
                Thread reader = new Thread(() -> read(in), "redis-monitor");
                reader.setDaemon(true);
                reader.start();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        private void read(BufferedReader in) {
            try {
                for (String line = in.readLine(); line != null; line = in.readLine()) {
                    lastLine.set(System.nanoTime());
                    Matcher matcher = COMMAND.matcher(line);
                    if (matcher.find() && !matcher.group(1).equals("lua")) {
                        counts.merge(matcher.group(2).toLowerCase(), 1L, Long::sum);
                    }
                }
            } catch (IOException e) {
                // the server stopped
            }
        }

        Map<String, Long> counts() {
            return Map.copyOf(counts);
        }

        /** Waits until no command has been seen for half a second (the stream of the last request has arrived). */
        void awaitQuiet() {
            while (System.nanoTime() - lastLine.get() < 500_000_000L) {
                try {
                    Thread.sleep(50);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
        }
    }
}

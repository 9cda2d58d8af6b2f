package io.portcullis.gateway.conformance;

import io.portcullis.gateway.GatewayApplication;
import io.portcullis.gateway.reload.PolicyHolder;
import io.portcullis.gateway.support.DjangoInstall;
import io.portcullis.gateway.support.GatewayHarness;
import io.portcullis.policy.PolicySnapshot;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * DESIGN.md "Answers DRF clients see (conformance)": every case of conformance/cases.yaml is sent to the real Django
 * REST Framework 3.14 + SimpleJWT 5.2 (conformance/drf, same users, permissions, throttles and token settings) and to
 * Portcullis running conformance/policy in front of a stand-in upstream; the answers must be the same, or differ
 * exactly as a deliberate departure of conformance/departures.yaml says.
 */
@SpringBootTest(classes = GatewayApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class DrfConformanceIntegrationTest {

    static final Path REPOSITORY = DjangoInstall.repository();
    static final Path OUTPUT = REPOSITORY.resolve("gateway/target/conformance");
    static final IdentityUpstream upstream = new IdentityUpstream();
    static DrfReference drf;

    @LocalServerPort
    int port;

    @Autowired
    PolicyHolder holder;

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        registry.add("portcullis.policy.dir", () -> policyDirectory().toString());
        registry.add("portcullis.jwt.secret", () -> GatewayHarness.JWT_SECRET);
        registry.add("redis.url", () -> "");
        registry.add("management.server.port", () -> "0");
    }

    @BeforeAll
    static void startReference() throws IOException, InterruptedException {
        drf = DrfReference.start(REPOSITORY, GatewayHarness.JWT_SECRET, OUTPUT);
    }

    @AfterAll
    static void stop() {
        if (drf != null) {
            drf.close();
        }
        upstream.close();
    }

    @Test
    void portcullisAnswersAsDrfAndSimpleJwtExceptForTheListedDepartures() throws IOException, InterruptedException {
        List<ConformanceCase> cases = ConformanceCase.load(REPOSITORY.resolve("conformance/cases.yaml"));
        Departures departures = Departures.load(REPOSITORY.resolve("conformance/departures.yaml"));
        PolicySnapshot snapshot = holder.current();
        Map<String, String> crafted = CraftedTokens.make(GatewayHarness.JWT_SECRET, snapshot.policy().tokens(), snapshot.users());
        CaseRunner.ClientAddresses clients = new CaseRunner.ClientAddresses();
        CaseRunner reference = new CaseRunner(drf.baseUrl(), crafted, clients);
        CaseRunner portcullis = new CaseRunner("http://127.0.0.1:" + port, crafted, clients);
        // each request goes to both servers at once: they share nothing, and the logins' bcrypt dominates the time
        ExecutorService toDrf = Executors.newSingleThreadExecutor();

        List<String> unexplained = new ArrayList<>();
        List<String> report = new ArrayList<>();
        Map<String, Integer> departuresSeen = new TreeMap<>();
        Map<String, Integer> rulesApplied = new TreeMap<>();
        int matched = 0;
        int requests = 0;
        long started = System.nanoTime();
        for (ConformanceCase c : cases) {
            String client = clients.of(c);
            List<String> problems = new ArrayList<>();
            for (int repeat = 1; repeat <= c.repeat() && problems.isEmpty(); repeat++) {
                int r = repeat;
                CompletableFuture<Answer> fromDrf = CompletableFuture.supplyAsync(() -> reference.send(c, client, r), toDrf);
                Answer actual = portcullis.send(c, client, repeat);
                Answer expected = fromDrf.join();
                requests++;
                AnswerComparison.Result result = AnswerComparison.compare(c.path(), expected, actual);
                result.rules().forEach(rule -> rulesApplied.merge(rule, 1, Integer::sum));
                problems.addAll(judge(c, departures, result, actual));
                report.add((problems.isEmpty() ? c.departure() == null ? "same      " : "departure " : "DIFFERENT ")
                        + c.name() + (c.repeat() > 1 ? " #" + repeat : "") + "\n  request    " + c.method() + " " + c.path()
                        + "\n  DRF        " + expected + "\n  Portcullis " + actual);
            }
            if (!problems.isEmpty()) {
                unexplained.add(c.name() + ": " + String.join("; ", problems));
            } else if (c.departure() != null) {
                departuresSeen.merge(c.departure(), 1, Integer::sum);
            } else {
                matched++;
            }
        }

        toDrf.shutdown();
        int departed = departuresSeen.values().stream().mapToInt(Integer::intValue).sum();
        System.out.printf("DRF conformance: %d cases (%d requests to each server, %d s): %d matched, %d departures %s,"
                        + " %d unexplained; comparison rules applied %s%n", cases.size(), requests,
                (System.nanoTime() - started) / 1_000_000_000, matched, departed, departuresSeen, unexplained.size(),
                rulesApplied);
        unexplained.forEach(problem -> System.out.println("  UNEXPLAINED " + problem));
        Files.write(OUTPUT.resolve("report.txt"), report, StandardCharsets.UTF_8);
        assertThat(unexplained).as("differences from DRF that conformance/departures.yaml does not explain").isEmpty();
        assertThat(cases).hasSizeGreaterThanOrEqualTo(150);
    }

    /** A case passes when the answers match, or when it names a departure, they differ, and Portcullis's is the pinned one. */
    private static List<String> judge(ConformanceCase c, Departures departures, AnswerComparison.Result result, Answer actual) {
        if (c.departure() == null) {
            return result.differences();
        }
        if (!departures.departures().contains(c.departure())) {
            return List.of("departure '" + c.departure() + "' is not in conformance/departures.yaml");
        }
        if (result.differences().isEmpty()) {
            return List.of("listed as departure '" + c.departure() + "' but both answered alike: drop the departure");
        }
        return AnswerComparison.unpinned(c.pinned(), actual);
    }

    /** conformance/policy, in front of this test's stand-in upstream. */
    private static Path policyDirectory() {
        try {
            Path dir = Files.createTempDirectory("portcullis-conformance");
            for (String file : new String[]{"policy.yaml", "users.yaml"}) {
                String text = Files.readString(REPOSITORY.resolve("conformance/policy").resolve(file), StandardCharsets.UTF_8);
                Files.writeString(dir.resolve(file), text.replace("http://127.0.0.1:9090", upstream.url()));
            }
            return dir;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}

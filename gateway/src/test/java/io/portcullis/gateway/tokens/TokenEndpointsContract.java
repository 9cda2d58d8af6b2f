package io.portcullis.gateway.tokens;

import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import io.portcullis.gateway.reload.PolicyHolder;
import io.portcullis.gateway.support.GatewayHarness;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.portcullis.gateway.support.RawHttp;
import io.portcullis.gateway.support.SimpleJwtAnswers;
import io.portcullis.policy.PolicySnapshot;
import io.portcullis.policy.model.TokenSettings;
import io.portcullis.policy.model.User;
import io.portcullis.policy.model.Users;
import io.portcullis.policy.token.JwtIssuer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import java.util.stream.IntStream;

import static com.github.tomakehurst.wiremock.client.WireMock.anyRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * DESIGN.md "Token endpoints" against a running gateway; written once, run against the in-memory store and Redis
 * (DRF's BaseTokenAuthTests pattern).
 */
abstract class TokenEndpointsContract {

    static final String ALICE_API_KEY = "test-api-key-for-alice-0123456789";
    /** SimpleJWT raises DRF's plain AuthenticationFailed here: a detail, no code in the body. */
    static final String NO_ACCOUNT = "{\"detail\":\"No active account found with the given credentials\"}";
    private static final JsonMapper JSON = JsonMapper.builder().build();

    @LocalServerPort
    int port;

    @Autowired
    PolicyHolder holder;

    PolicySnapshot original;

    abstract GatewayHarness harness();

    @BeforeEach
    void remember() {
        original = holder.current();
        harness().upstream().resetRequests();
    }

    @AfterEach
    void restore() {
        holder.swap(original);
    }

    HttpResponse<String> post(String path, String json, String... headers) {
        return harness().postJson(port, path, json, headers);
    }

    HttpResponse<String> get(String path, String... headers) {
        return harness().send(port, "GET", path, headers);
    }

    static JsonNode json(HttpResponse<String> response) {
        return JSON.readTree(response.body());
    }

    JsonNode login(String username) {
        HttpResponse<String> response = post("/auth/token/", "{\"username\":\"" + username + "\",\"password\":\"" + username + "-password\"}");
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return json(response);
    }

    String apiToken(String username) {
        HttpResponse<String> response = post("/auth/api-token/", "{\"username\":\"" + username + "\",\"password\":\"" + username + "-password\"}");
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return json(response).get("token").asString();
    }

    LoggedRequest lastUpstreamRequest() {
        List<LoggedRequest> requests = harness().upstream().findAll(anyRequestedFor(anyUrl()));
        assertThat(requests).isNotEmpty();
        return requests.get(requests.size() - 1);
    }

    @Test
    void obtainedAccessTokenAuthenticatesAsJwt() {
        JsonNode pair = login("alice");

        assertThat(get("/api/x", "Authorization", "Bearer " + pair.get("access").asString()).statusCode()).isEqualTo(200);
        assertThat(lastUpstreamRequest().getHeader("X-Auth-Scheme")).isEqualTo("jwt");
        assertThat(lastUpstreamRequest().getHeader("X-Auth-Claim-Org")).isEqualTo("acme");
    }

    @Test
    void obtainAcceptsFormBodies() {
        HttpResponse<String> response = harness().sendWithBody(port, "POST", "/auth/token/", "username=alice&password=alice-password",
                "Content-Type", "application/x-www-form-urlencoded");

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(json(response).has("access")).isTrue();
        assertThat(json(response).has("refresh")).isTrue();
    }

    @Test
    void wrongPasswordUnknownUserAndInactiveUserGetTheSameAnswer() {
        HttpResponse<String> wrong = post("/auth/token/", "{\"username\":\"alice\",\"password\":\"nope\"}");
        HttpResponse<String> unknown = post("/auth/token/", "{\"username\":\"mallory\",\"password\":\"nope\"}");
        HttpResponse<String> inactive = post("/auth/token/", "{\"username\":\"carol\",\"password\":\"carol-password\"}");

        for (HttpResponse<String> response : List.of(wrong, unknown, inactive)) {
            assertThat(response.statusCode()).isEqualTo(401);
            assertThat(response.body()).isEqualTo(NO_ACCOUNT);
        }
    }

    @Test
    void missingFieldsAnswer400WithFieldErrors() {
        HttpResponse<String> response = post("/auth/token/", "{\"username\":\"alice\"}");

        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(response.body()).isEqualTo("{\"detail\":\"Invalid input.\",\"password\":[\"This field is required.\"]}");
    }

    @Test
    void unsupportedContentTypeAnswers415() {
        HttpResponse<String> response = harness().sendWithBody(port, "POST", "/auth/token/", "username=alice", "Content-Type", "text/plain");

        assertThat(response.statusCode()).isEqualTo(415);
        assertThat(json(response).get("detail").asString()).isEqualTo("Unsupported media type \"text/plain\" in request.");
    }

    @Test
    void malformedJsonAnswers400() {
        assertThat(post("/auth/token/", "{\"username\":").statusCode()).isEqualTo(400);
        assertThat(post("/auth/token/", "{\"username\":\"a\",\"username\":\"b\",\"password\":\"x\"}").statusCode()).isEqualTo(400);
    }

    @Test
    void getOnATokenEndpointAnswers405() {
        HttpResponse<String> response = get("/auth/token/");

        assertThat(response.statusCode()).isEqualTo(405);
        assertThat(response.body()).isEqualTo("{\"detail\":\"Method \\\"GET\\\" not allowed.\"}");
        assertThat(response.headers().firstValue("Allow")).contains("POST, OPTIONS");
    }

    @Test
    void aMethodNoEndpointServesAnswers405WithTheEndpointsOwnAllow() {
        HttpResponse<String> obtain = harness().send(port, "PROPFIND", "/auth/token/");
        HttpResponse<String> apiToken = harness().send(port, "TRACE", "/auth/api-token/");

        assertThat(obtain.statusCode()).isEqualTo(405);
        assertThat(obtain.body()).isEqualTo("{\"detail\":\"Method \\\"PROPFIND\\\" not allowed.\"}");
        assertThat(obtain.headers().firstValue("Allow")).contains("POST, OPTIONS");
        assertThat(apiToken.statusCode()).isEqualTo(405);
        assertThat(apiToken.headers().firstValue("Allow")).contains("POST, DELETE, OPTIONS");
    }

    @Test
    void everyAnswerOfATokenEndpointCarriesAllowAsDrfViewsDo() {
        assertThat(post("/auth/token/", "{\"username\":\"alice\",\"password\":\"alice-password\"}").headers()
                .firstValue("Allow")).contains("POST, OPTIONS");
        assertThat(post("/auth/token/refresh/", "{}").headers().firstValue("Allow")).contains("POST, OPTIONS");
        assertThat(post("/auth/api-token/", "{}").headers().firstValue("Allow")).contains("POST, DELETE, OPTIONS");
    }

    @Test
    void optionsOnATokenEndpointAnswersItsMethods() {
        HttpResponse<String> response = harness().send(port, "OPTIONS", "/auth/token/verify/");

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).isEqualTo("{}");
        assertThat(response.headers().firstValue("Allow")).contains("POST, OPTIONS");
    }

    @Test
    void withoutAReuseIntervalTheOldRefreshTokenNeverWorksAgain() {
        reuseInterval(Duration.ZERO);
        JsonNode pair = login("alice");
        String refresh = pair.get("refresh").asString();

        HttpResponse<String> rotated = post("/auth/token/refresh/", "{\"refresh\":\"" + refresh + "\"}");

        assertThat(rotated.statusCode()).isEqualTo(200);
        String next = json(rotated).get("refresh").asString();
        assertThat(next).isNotEqualTo(refresh);
        assertThat(get("/api/x", "Authorization", "Bearer " + json(rotated).get("access").asString()).statusCode()).isEqualTo(200);
        HttpResponse<String> reused = post("/auth/token/refresh/", "{\"refresh\":\"" + refresh + "\"}");
        assertThat(reused.statusCode()).isEqualTo(401);
        assertThat(reused.body()).isEqualTo(SimpleJwtAnswers.endpointRefused(SimpleJwtAnswers.BLACKLISTED));
    }

    @Test
    void withoutAReuseIntervalReusingARotatedRefreshTokenRevokesTheWholeFamily() {
        reuseInterval(Duration.ZERO);
        String refresh = login("alice").get("refresh").asString();
        String next = json(post("/auth/token/refresh/", "{\"refresh\":\"" + refresh + "\"}")).get("refresh").asString();

        assertThat(post("/auth/token/refresh/", "{\"refresh\":\"" + refresh + "\"}").statusCode()).isEqualTo(401);

        assertThat(post("/auth/token/refresh/", "{\"refresh\":\"" + next + "\"}").statusCode()).isEqualTo(401);
        assertThat(post("/auth/token/verify/", "{\"token\":\"" + next + "\"}").statusCode()).isEqualTo(401);
    }

    @Test
    void withoutAReuseIntervalExactlyOneOfConcurrentRefreshesOfOneTokenSucceeds() {
        reuseInterval(Duration.ZERO);
        String refresh = login("bob").get("refresh").asString();

        List<Integer> statuses = concurrently(20, () -> refresh(refresh)).stream().map(HttpResponse::statusCode).toList();

        assertThat(statuses).filteredOn(status -> status == 200).hasSize(1);
        assertThat(statuses).filteredOn(status -> status == 401).hasSize(19);
    }

    @Test
    void auditNamesTheUserByUsernameAtLoginAndAtLogoutAlike() {
        List<String> audit = new ArrayList<>();

        auditedBy(audit, () -> post("/auth/token/blacklist/",
                "{\"refresh\":\"" + login("bob").get("refresh").asString() + "\"}"));

        assertThat(audit).anySatisfy(line -> assertThat(line).startsWith("event=login user=\"bob\""));
        assertThat(audit).anySatisfy(line -> assertThat(line).startsWith("event=revoke user=\"bob\"").endsWith("reason=blacklist"));
    }

    @Test
    void ofConcurrentRefreshesOfOneTokenOneRotatesAndTheOthersGetPairsOfTheSameLogin() {
        String refresh = login("bob").get("refresh").asString();
        List<String> audit = new ArrayList<>();

        List<HttpResponse<String>> answers = auditedBy(audit, () -> concurrently(20, () -> refresh(refresh)));

        assertThat(answers).allSatisfy(answer -> assertThat(answer.statusCode()).as(answer.body()).isEqualTo(200));
        assertThat(answers).map(answer -> family(json(answer).get("refresh").asString())).containsOnly(family(refresh));
        assertThat(answers).map(answer -> json(answer).get("refresh").asString()).doesNotHaveDuplicates();
        assertThat(audit).filteredOn(line -> line.startsWith("event=refresh user=\"bob\"")).hasSize(1);
        assertThat(audit).filteredOn(line -> line.startsWith("event=refresh_graced user=\"bob\"")).hasSize(19);
        assertThat(String.join("\n", audit)).doesNotContain(refresh.substring(30, 70));
    }

    @Test
    void aRetryWithinTheReuseIntervalGetsAWorkingPairOfTheSameLogin() {
        String refresh = login("alice").get("refresh").asString();
        String first = json(refresh(refresh)).get("refresh").asString();

        HttpResponse<String> retry = refresh(refresh);

        assertThat(retry.statusCode()).isEqualTo(200);
        String second = json(retry).get("refresh").asString();
        assertThat(family(second)).isEqualTo(family(refresh));
        assertThat(get("/api/x", "Authorization", "Bearer " + json(retry).get("access").asString()).statusCode()).isEqualTo(200);
        assertThat(refresh(second).statusCode()).isEqualTo(200);
        assertThat(refresh(first).statusCode()).isEqualTo(200);
    }

    @Test
    void reuseAfterTheReuseIntervalRevokesTheWholeLogin() throws InterruptedException {
        reuseInterval(Duration.ofSeconds(1));
        String refresh = login("alice").get("refresh").asString();
        String next = json(refresh(refresh)).get("refresh").asString();
        Thread.sleep(1_500);

        HttpResponse<String> reused = refresh(refresh);

        assertThat(reused.statusCode()).isEqualTo(401);
        assertThat(reused.body()).isEqualTo(SimpleJwtAnswers.endpointRefused(SimpleJwtAnswers.BLACKLISTED));
        assertThat(refresh(next).statusCode()).isEqualTo(401);
    }

    @Test
    void aRotatedRefreshTokenIsNeverGracedOnceItsLoginLoggedOut() {
        String refresh = login("alice").get("refresh").asString();
        String next = json(refresh(refresh)).get("refresh").asString();
        assertThat(post("/auth/token/blacklist/", "{\"refresh\":\"" + next + "\"}").statusCode()).isEqualTo(200);

        HttpResponse<String> retry = refresh(refresh);

        assertThat(retry.statusCode()).isEqualTo(401);
        assertThat(retry.body()).isEqualTo(SimpleJwtAnswers.endpointRefused(SimpleJwtAnswers.BLACKLISTED));
    }

    @Test
    void aBlacklistedRefreshTokenIsNeverGraced() {
        String refresh = login("alice").get("refresh").asString();
        assertThat(post("/auth/token/blacklist/", "{\"refresh\":\"" + refresh + "\"}").statusCode()).isEqualTo(200);

        assertThat(refresh(refresh).statusCode()).isEqualTo(401);
    }

    @Test
    void aRefreshTokenOfARevokedLoginIsNeverGraced() throws InterruptedException {
        reuseInterval(Duration.ofSeconds(1));
        String refresh = login("alice").get("refresh").asString();
        refresh(refresh);
        Thread.sleep(1_500);
        assertThat(refresh(refresh).statusCode()).isEqualTo(401);

        reuseInterval(Duration.ofMinutes(5));

        assertThat(refresh(refresh).statusCode()).isEqualTo(401);
    }

    @Test
    void accessTokenIsRefusedAsRefreshToken() {
        String access = login("alice").get("access").asString();

        HttpResponse<String> response = post("/auth/token/refresh/", "{\"refresh\":\"" + access + "\"}");

        assertThat(response.statusCode()).isEqualTo(401);
        assertThat(response.body()).isEqualTo(SimpleJwtAnswers.endpointRefused(SimpleJwtAnswers.WRONG_TYPE));
        assertThat(response.headers().firstValue("WWW-Authenticate")).contains("Bearer realm=\"api\"");
    }

    @Test
    void verifyRefusesASpentRefreshTokenEvenWithinTheReuseInterval() {
        String refresh = login("alice").get("refresh").asString();
        assertThat(refresh(refresh).statusCode()).isEqualTo(200);

        HttpResponse<String> verified = post("/auth/token/verify/", "{\"token\":\"" + refresh + "\"}");

        assertThat(verified.statusCode()).isEqualTo(401);
        assertThat(verified.body()).isEqualTo(SimpleJwtAnswers.endpointRefused(SimpleJwtAnswers.BLACKLISTED));
    }

    @Test
    void verifyRefusesEveryTokenOfAUserWhosePasswordHashChanged() {
        JsonNode pair = login("bob");

        swapUser("bob", user -> new User(user.username(), user.id(), "{bcrypt}$2a$10$a4BDQajU6PwPPLAv1I5XOec4/TQWWCH/91wpHf1wXBn4bL5D6m8oW",
                user.roles(), user.admin(), user.active(), user.claims()));

        assertThat(verify(pair.get("access").asString()).body()).isEqualTo(SimpleJwtAnswers.endpointRefused(SimpleJwtAnswers.INVALID_OR_EXPIRED));
        assertThat(verify(pair.get("refresh").asString()).body()).isEqualTo(SimpleJwtAnswers.endpointRefused(SimpleJwtAnswers.INVALID_OR_EXPIRED));
    }

    @Test
    void verifyRefusesEveryTokenOfAnInactiveUser() {
        JsonNode pair = login("bob");

        swapUser("bob", user -> new User(user.username(), user.id(), user.passwordHash(), user.roles(), user.admin(), false, user.claims()));

        assertThat(verify(pair.get("access").asString()).body()).isEqualTo(SimpleJwtAnswers.endpointRefused(SimpleJwtAnswers.INVALID_OR_EXPIRED));
        assertThat(verify(pair.get("refresh").asString()).body()).isEqualTo(SimpleJwtAnswers.endpointRefused(SimpleJwtAnswers.INVALID_OR_EXPIRED));
    }

    @Test
    void verifyRefusesEveryTokenOfAnUnknownUser() {
        JsonNode pair = login("bob");

        PolicySnapshot current = holder.current();
        List<User> others = current.users().all().stream().filter(user -> !user.username().equals("bob")).toList();
        holder.swap(PolicySnapshot.of(current.policy(), new Users(others, current.users().apiKeys())));

        assertThat(verify(pair.get("access").asString()).body()).isEqualTo(SimpleJwtAnswers.endpointRefused(SimpleJwtAnswers.INVALID_OR_EXPIRED));
        assertThat(verify(pair.get("refresh").asString()).body()).isEqualTo(SimpleJwtAnswers.endpointRefused(SimpleJwtAnswers.INVALID_OR_EXPIRED));
    }

    @Test
    void verifyAnswers200ForValidTokensAnd401ForOthers() {
        JsonNode pair = login("alice");

        assertThat(post("/auth/token/verify/", "{\"token\":\"" + pair.get("access").asString() + "\"}").body()).isEqualTo("{}");
        assertThat(post("/auth/token/verify/", "{\"token\":\"" + pair.get("refresh").asString() + "\"}").statusCode()).isEqualTo(200);
        assertThat(post("/auth/token/verify/", "{\"token\":\"a.b.c\"}").body())
                .isEqualTo(SimpleJwtAnswers.endpointRefused(SimpleJwtAnswers.INVALID_OR_EXPIRED));
    }

    @Test
    void blacklistedRefreshTokenNeverWorksAgain() {
        String refresh = login("alice").get("refresh").asString();

        HttpResponse<String> blacklisted = post("/auth/token/blacklist/", "{\"refresh\":\"" + refresh + "\"}");

        assertThat(blacklisted.statusCode()).isEqualTo(200);
        assertThat(blacklisted.body()).isEqualTo("{}");
        assertThat(post("/auth/token/refresh/", "{\"refresh\":\"" + refresh + "\"}").statusCode()).isEqualTo(401);
        assertThat(post("/auth/token/verify/", "{\"token\":\"" + refresh + "\"}").statusCode()).isEqualTo(401);
    }

    @Test
    void opaqueTokensAreFortyHexPerDeviceAndAuthenticateAsToken() {
        String phone = apiToken("alice");
        String laptop = apiToken("alice");

        assertThat(phone).matches("[0-9a-f]{40}").isNotEqualTo(laptop);
        assertThat(get("/api/x", "Authorization", "Token " + phone).statusCode()).isEqualTo(200);
        assertThat(lastUpstreamRequest().getHeader("X-Auth-Scheme")).isEqualTo("token");
        assertThat(lastUpstreamRequest().getHeader("X-Auth-User-Id")).isEqualTo("1");
        assertThat(get("/api/x", "Authorization", "token " + laptop).statusCode()).isEqualTo(200);
    }

    @Test
    void deletingAnOpaqueTokenRevokesOnlyThatToken() {
        String phone = apiToken("alice");
        String laptop = apiToken("alice");

        assertThat(harness().send(port, "DELETE", "/auth/api-token/", "Authorization", "Token " + phone).statusCode()).isEqualTo(204);

        HttpResponse<String> revoked = get("/api/x", "Authorization", "Token " + phone);
        assertThat(revoked.statusCode()).isEqualTo(401);
        assertThat(revoked.body()).isEqualTo("{\"detail\":\"Invalid token.\"}");
        assertThat(get("/api/x", "Authorization", "Token " + laptop).statusCode()).isEqualTo(200);
    }

    @Test
    void badApiTokenLoginAnswersDrfsNonFieldError() {
        HttpResponse<String> response = post("/auth/api-token/", "{\"username\":\"alice\",\"password\":\"nope\"}");

        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(json(response).get("non_field_errors").get(0).asString()).isEqualTo("Unable to log in with provided credentials.");
        assertThat(json(response).has("detail")).isTrue();
    }

    @Test
    void unknownOpaqueTokenGets401() {
        assertThat(get("/public/x", "Authorization", "Token " + "0".repeat(40)).statusCode()).isEqualTo(401);
        assertThat(get("/public/x", "Authorization", "Token short").statusCode()).isEqualTo(401);
    }

    @Test
    void apiKeyAuthenticatesAndIsNeverForwarded() {
        assertThat(get("/api/x", "X-API-Key", ALICE_API_KEY).statusCode()).isEqualTo(200);

        LoggedRequest received = lastUpstreamRequest();
        assertThat(received.getHeader("X-Auth-Scheme")).isEqualTo("api_key");
        assertThat(received.getHeader("X-Auth-Username")).isEqualTo("alice");
        assertThat(received.containsHeader("X-API-Key")).isFalse();
    }

    @Test
    void wrongApiKeyGets401() {
        HttpResponse<String> response = get("/public/x", "X-API-Key", "wrong");

        assertThat(response.statusCode()).isEqualTo(401);
        assertThat(response.body()).isEqualTo("{\"detail\":\"Invalid API key.\"}");
    }

    @Test
    void basicAuthenticatesAgainstUsersYaml() {
        String alice = java.util.Base64.getEncoder().encodeToString("alice:alice-password".getBytes());
        String wrong = java.util.Base64.getEncoder().encodeToString("alice:nope".getBytes());

        assertThat(get("/api/x", "Authorization", "Basic " + alice).statusCode()).isEqualTo(200);
        assertThat(lastUpstreamRequest().getHeader("X-Auth-Scheme")).isEqualTo("basic");
        assertThat(get("/api/x", "Authorization", "Basic " + wrong).statusCode()).isEqualTo(401);
        assertThat(get("/api/x", "Authorization", "Basic %%%").statusCode()).isEqualTo(401);
    }

    @Test
    void changingAPasswordHashInvalidatesEveryCredentialIssuedBefore() {
        JsonNode pair = login("bob");
        String opaque = apiToken("bob");

        swapUser("bob", user -> new User(user.username(), user.id(), "{bcrypt}$2a$10$a4BDQajU6PwPPLAv1I5XOec4/TQWWCH/91wpHf1wXBn4bL5D6m8oW",
                user.roles(), user.admin(), user.active(), user.claims()));

        assertThat(get("/api/x", "Authorization", "Bearer " + pair.get("access").asString()).statusCode()).isEqualTo(401);
        assertThat(post("/auth/token/refresh/", "{\"refresh\":\"" + pair.get("refresh").asString() + "\"}").statusCode()).isEqualTo(401);
        assertThat(get("/api/x", "Authorization", "Token " + opaque).statusCode()).isEqualTo(401);
    }

    @Test
    void deactivatingAUserStopsEveryCredentialAtOnce() {
        JsonNode pair = login("bob");
        String opaque = apiToken("bob");

        swapUser("bob", user -> new User(user.username(), user.id(), user.passwordHash(), user.roles(), user.admin(), false, user.claims()));

        assertThat(get("/api/x", "Authorization", "Bearer " + pair.get("access").asString()).statusCode()).isEqualTo(401);
        assertThat(post("/auth/token/refresh/", "{\"refresh\":\"" + pair.get("refresh").asString() + "\"}").statusCode()).isEqualTo(401);
        assertThat(get("/api/x", "Authorization", "Token " + opaque).statusCode()).isEqualTo(401);
    }

    @Test
    void roleChangesApplyToExistingTokensAtOnce() {
        String access = login("bob").get("access").asString();

        swapUser("bob", user -> new User(user.username(), user.id(), user.passwordHash(), List.of("auditor"), true, true, user.claims()));

        assertThat(get("/api/x", "Authorization", "Bearer " + access).statusCode()).isEqualTo(200);
        assertThat(lastUpstreamRequest().getHeader("X-Auth-Roles")).isEqualTo("auditor");
        assertThat(lastUpstreamRequest().getHeader("X-Auth-Admin")).isEqualTo("true");
    }

    HttpResponse<String> refresh(String refresh) {
        return post("/auth/token/refresh/", "{\"refresh\":\"" + refresh + "\"}");
    }

    HttpResponse<String> verify(String token) {
        return post("/auth/token/verify/", "{\"token\":\"" + token + "\"}");
    }

    /** The login (family) a token of ours belongs to, read from its payload. */
    static String family(String token) {
        byte[] payload = Base64.getUrlDecoder().decode(token.split("\\.")[1]);
        return JSON.readTree(payload).get(JwtIssuer.FAMILY_CLAIM).asString();
    }

    /** Reloads the policy with another {@code tokens.refresh_reuse_interval}; {@link #restore()} puts it back. */
    void reuseInterval(Duration interval) {
        PolicySnapshot current = holder.current();
        TokenSettings tokens = current.policy().tokens().withRefreshReuseInterval(interval);
        holder.swap(PolicySnapshot.of(current.policy().withTokens(tokens), current.users()));
    }

    /** {@code n} calls started together, each on its own thread; their answers. */
    static <T> List<T> concurrently(int n, Supplier<T> call) {
        ExecutorService threads = Executors.newFixedThreadPool(n);
        try {
            CountDownLatch start = new CountDownLatch(1);
            List<Future<T>> calls = new ArrayList<>();
            IntStream.range(0, n).forEach(i -> calls.add(threads.submit(() -> {
                start.await();
                return call.get();
            })));
            start.countDown();
            List<T> results = new ArrayList<>();
            for (Future<T> result : calls) {
                results.add(result.get(30, TimeUnit.SECONDS));
            }
            return results;
        } catch (Exception e) {
            throw new IllegalStateException(e);
        } finally {
            threads.shutdownNow();
        }
    }

    /** Runs {@code action}, collecting the audit lines it logs into {@code lines}. */
    static <T> T auditedBy(List<String> lines, Supplier<T> action) {
        ListAppender<ILoggingEvent> audit = new ListAppender<>();
        audit.start();
        Logger logger = (Logger) LoggerFactory.getLogger("portcullis.audit");
        logger.addAppender(audit);
        try {
            return action.get();
        } finally {
            logger.detachAppender(audit);
            audit.list.forEach(event -> lines.add(event.getFormattedMessage()));
        }
    }

    @Test
    void aNullUsernameMayNotBeNull() {
        HttpResponse<String> response = post("/auth/token/", "{\"username\":null,\"password\":\"alice-password\"}");

        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(response.body()).isEqualTo("{\"detail\":\"Invalid input.\",\"username\":[\"This field may not be null.\"]}");
    }

    @Test
    void aBlankRefreshTokenMayNotBeBlank() {
        HttpResponse<String> response = post("/auth/token/refresh/", "{\"refresh\":\"  \"}");

        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(response.body()).isEqualTo("{\"detail\":\"Invalid input.\",\"refresh\":[\"This field may not be blank.\"]}");
    }

    @Test
    void theUsernameIsTrimmedAsDrfsCharFieldTrimsIt() {
        HttpResponse<String> response = post("/auth/token/", "{\"username\":\" alice\\u00a0\",\"password\":\"alice-password\"}");

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(json(response).has("access")).isTrue();
    }

    @Test
    void thePasswordIsNeverTrimmed() {
        HttpResponse<String> response = post("/auth/token/", "{\"username\":\"alice\",\"password\":\" alice-password\"}");

        assertThat(response.statusCode()).isEqualTo(401);
        assertThat(response.body()).isEqualTo(NO_ACCOUNT);
    }

    @Test
    void aNumberIsTextAsDrfsCharFieldReadsIt() {
        HttpResponse<String> response = post("/auth/token/", "{\"username\":12345,\"password\":1.5}");

        assertThat(response.statusCode()).isEqualTo(401);
        assertThat(response.body()).isEqualTo(NO_ACCOUNT);
    }

    @Test
    void aBodyThatIsNotAnObjectIsDrfsNonFieldError() {
        HttpResponse<String> response = post("/auth/token/", "[\"alice\"]");

        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(json(response).get("non_field_errors").get(0).asString())
                .isEqualTo("Invalid data. Expected a dictionary, but got list.");
    }

    @Test
    void blacklistingABlacklistedRefreshTokenIsRefusedAsSimpleJwtRefusesIt() {
        String refresh = login("alice").get("refresh").asString();
        post("/auth/token/blacklist/", "{\"refresh\":\"" + refresh + "\"}");

        HttpResponse<String> again = post("/auth/token/blacklist/", "{\"refresh\":\"" + refresh + "\"}");

        assertThat(again.statusCode()).isEqualTo(401);
        assertThat(again.body()).isEqualTo(SimpleJwtAnswers.endpointRefused(SimpleJwtAnswers.BLACKLISTED));
    }

    @Test
    void anUnsupportedMediaTypeIsQuotedAsSent() {
        HttpResponse<String> response = harness().sendWithBody(port, "POST", "/auth/token/", "username=alice",
                "Content-Type", "text/plain; charset=utf-8");

        assertThat(response.statusCode()).isEqualTo(415);
        assertThat(json(response).get("detail").asString())
                .isEqualTo("Unsupported media type \"text/plain; charset=utf-8\" in request.");
    }

    @Test
    void aKeptAliveConnectionAnswersEveryRequestAfterAnAnswerFromThePasswordCheck() {
        String login = "{\"username\":\"alice\",\"password\":\"nope\"}";
        List<String> requests = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            requests.add("POST /auth/token/ HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: "
                    + login.length() + "\r\n\r\n" + login);
            requests.add("GET /auth/token/ HTTP/1.1\r\nHost: x\r\n\r\n");
            requests.add("PUT /auth/token/ HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: "
                    + login.length() + "\r\n\r\n" + login);
        }

        List<Integer> statuses = RawHttp.keptAlive(port, requests);

        assertThat(statuses).hasSize(60).containsOnly(401, 405);
    }

    private void swapUser(String username, java.util.function.UnaryOperator<User> change) {
        PolicySnapshot current = holder.current();
        List<User> users = current.users().all().stream().map(u -> u.username().equals(username) ? change.apply(u) : u).toList();
        holder.swap(PolicySnapshot.of(current.policy(), new Users(users, current.users().apiKeys())));
    }
}

package io.portcullis.gateway.authz;

import io.portcullis.gateway.GatewayApplication;
import io.portcullis.gateway.authn.Authenticators;
import io.portcullis.gateway.reload.PolicyHolder;
import io.portcullis.gateway.support.FreePort;
import io.portcullis.gateway.support.GatewayHarness;
import io.portcullis.gateway.support.PolicyFixture;
import io.portcullis.policy.PolicySnapshot;
import io.portcullis.policy.decide.Explainer;
import io.portcullis.policy.decide.Verdict;
import io.portcullis.policy.parse.PolicyReader;
import io.portcullis.policy.model.Policy;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static com.github.tomakehurst.wiremock.client.WireMock.anyRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * DRF's handle_exception: a refused request is 401 with the challenge of the first configured authenticator only, and
 * 403 with the same body when that one has no challenge to send (API keys, cookies), as DRF answers with
 * SessionAuthentication first. The CLI's explain says the same.
 */
@SpringBootTest(classes = GatewayApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class ChallengeIntegrationTest {

    static final GatewayHarness harness = new GatewayHarness();
    private static final String NOT_PROVIDED = "{\"detail\":\"Authentication credentials were not provided.\"}";

    @LocalServerPort
    int port;

    @Autowired
    PolicyHolder holder;

    @Autowired
    Authenticators authenticators;

    private PolicySnapshot original;

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        var dir = PolicyFixture.write("pipeline", Map.of("upstream", harness.upstreamUrl(),
                "refused", "http://127.0.0.1:" + FreePort.find()));
        registry.add("portcullis.policy.dir", dir::toString);
        registry.add("portcullis.jwt.secret", () -> GatewayHarness.JWT_SECRET);
        registry.add("management.server.port", () -> "0");
    }

    @AfterAll
    static void stopUpstream() {
        harness.stop();
    }

    @AfterEach
    void restore() {
        if (original != null) {
            holder.swap(original);
        }
    }

    private void authentication(String... schemes) {
        original = holder.current();
        Policy p = original.policy();
        holder.swap(PolicySnapshot.of(new Policy(List.of(schemes), p.tokens(), p.identity(), p.numProxies(),
                p.throttleRates(), p.storeFailure(), p.routes(), p.allowInsecureBasic(), p.storeTimeout(), p.bodyTimeout()),
                original.users()));
    }

    @Test
    void anonymousRefusedWhenTheFirstAuthenticatorCannotChallengeIs403WithDrfsDetail() {
        authentication("api_key", "jwt");
        harness.upstream().resetRequests();

        HttpResponse<String> response = harness.send(port, "GET", "/admin/x");

        assertThat(response.statusCode()).isEqualTo(403);
        assertThat(response.body()).isEqualTo(NOT_PROVIDED);
        assertThat(response.headers().firstValue("WWW-Authenticate")).isEmpty();
        assertThat(harness.upstream().findAll(anyRequestedFor(anyUrl()))).isEmpty();
        assertThat(Explainer.explain(holder.current(), "GET", "/admin/x", Optional.empty()).status()).isEqualTo(403);
    }

    @Test
    void aRefusedCredentialWhenTheFirstAuthenticatorCannotChallengeIs403Too() {
        authentication("cookie", "jwt");

        HttpResponse<String> response = harness.send(port, "GET", "/admin/x", "Authorization", "Bearer a.b.c");

        assertThat(response.statusCode()).isEqualTo(403);
        assertThat(response.body()).contains("\"code\":\"token_not_valid\"");
        assertThat(response.headers().firstValue("WWW-Authenticate")).isEmpty();
    }

    @Test
    void onlyTheFirstAuthenticatorsChallengeIsSent() {
        authentication("token", "jwt");

        HttpResponse<String> response = harness.send(port, "GET", "/admin/x");

        assertThat(response.statusCode()).isEqualTo(401);
        assertThat(response.body()).isEqualTo(NOT_PROVIDED);
        assertThat(response.headers().allValues("WWW-Authenticate")).containsExactly("Token");
        assertThat(Explainer.explain(holder.current(), "GET", "/admin/x", Optional.empty()).status()).isEqualTo(401);
    }

    @Test
    void theCoreAndTheAuthenticatorsAgreeOnWhichSchemesChallenge() {
        for (String scheme : PolicyReader.SCHEMES) {
            assertThat(authenticators.challenge(List.of(scheme)) != null).as(scheme).isEqualTo(Verdict.challenges(scheme));
        }
    }
}

package io.portcullis.policy.decide;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** DRF's 401-vs-403 rule, decided by the first configured authenticator. */
class VerdictTest {

    @Test
    void notAuthenticatedIs401WhenTheFirstSchemeCanChallenge() {
        assertThat(Verdict.NOT_AUTHENTICATED.status(List.of("jwt", "api_key"))).isEqualTo(401);
        assertThat(Verdict.NOT_AUTHENTICATED.status(List.of("token"))).isEqualTo(401);
        assertThat(Verdict.NOT_AUTHENTICATED.status(List.of("basic", "cookie"))).isEqualTo(401);
    }

    @Test
    void notAuthenticatedIs403WhenTheFirstSchemeHasNoChallengeWhateverFollows() {
        assertThat(Verdict.NOT_AUTHENTICATED.status(List.of("api_key", "jwt"))).isEqualTo(403);
        assertThat(Verdict.NOT_AUTHENTICATED.status(List.of("cookie"))).isEqualTo(403);
    }

    @Test
    void grantedAndPermissionDeniedDoNotDependOnTheSchemes() {
        assertThat(Verdict.GRANTED.status(List.of("api_key"))).isEqualTo(200);
        assertThat(Verdict.PERMISSION_DENIED.status(List.of("jwt"))).isEqualTo(403);
    }
}

package io.portcullis.policy.rate;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

class RateDecisionTest {

    @Test
    void ofWhenAllAdmitThenTheOneWithFewestRemaining() {
        RateDecision loose = RateDecision.admitted(100, 90, 3_000_000);
        RateDecision tight = RateDecision.admitted(10, 2, 30_000);

        assertThat(RateDecision.of(List.of(loose, tight))).isSameAs(tight);
        assertThat(RateDecision.indexOf(List.of(loose, tight))).isEqualTo(1);
    }

    @Test
    void ofWhenRemainingTiesThenTheLaterReset() {
        RateDecision soon = RateDecision.admitted(10, 2, 1_000);
        RateDecision later = RateDecision.admitted(5, 2, 9_000);

        assertThat(RateDecision.of(List.of(soon, later))).isSameAs(later);
    }

    @Test
    void ofWhenSeveralRefuseThenTheLongestWait() {
        RateDecision shortWait = RateDecision.refused(10, 2_000, 2_000);
        RateDecision longWait = RateDecision.refused(100, 600_000, 600_000);

        assertThat(RateDecision.of(List.of(RateDecision.admitted(5, 0, 10), shortWait, longWait))).isSameAs(longWait);
        assertThat(RateDecision.indexOf(List.of(shortWait, longWait))).isEqualTo(1);
    }

    @Test
    void ofWhenNothingMeteredThenUnmetered() {
        assertThat(RateDecision.of(List.of())).isEqualTo(RateDecision.UNMETERED);
        assertThat(RateDecision.of(List.of(RateDecision.UNMETERED))).isEqualTo(RateDecision.UNMETERED);
        assertThat(RateDecision.indexOf(List.of())).isEqualTo(-1);
    }

    @Test
    void refusedWhenWaitHasAFractionThenWholeSecondsRoundedUp() {
        assertThat(RateDecision.refused(5, 1_001, 1_001).waitSeconds()).isEqualTo(2);
        assertThat(RateDecision.refused(5, 2_000, 2_000).waitSeconds()).isEqualTo(2);
    }

    @Test
    void refusedWhenWaitUnderASecondThenOneSecond() {
        assertThat(RateDecision.refused(5, 0, 0).waitSeconds()).isEqualTo(1);
    }

    @Test
    void admittedWhenResetHasAFractionThenRoundedUp() {
        assertThat(RateDecision.admitted(5, 4, 59_001).resetSeconds()).isEqualTo(60);
    }

    @Test
    void constructWhenAdmittedWithAWaitThenRefused() {
        assertThatIllegalArgumentException().isThrownBy(() -> new RateDecision(true, 5, 4, 10, 3));
        assertThatIllegalArgumentException().isThrownBy(() -> new RateDecision(false, 5, 0, 10, 0));
    }
}

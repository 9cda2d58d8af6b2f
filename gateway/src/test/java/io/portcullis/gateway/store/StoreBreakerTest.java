package io.portcullis.gateway.store;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.github.resilience4j.circuitbreaker.CircuitBreaker.State;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig.SlidingWindowType;
import io.portcullis.policy.token.MovableClock;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Mono;

import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

class StoreBreakerTest {

    private final MovableClock clock = new MovableClock(Instant.parse("2030-01-01T00:00:00Z"));
    private final StoreBreaker breaker = new StoreBreaker("10.0.0.5:6379",
            CircuitBreakerConfig.from(StoreBreakerProperties.defaults().config()).clock(clock).build(), clock);
    private final AtomicInteger sent = new AtomicInteger();
    private final Logger logger = (Logger) LoggerFactory.getLogger(StoreBreaker.class);
    private final ListAppender<ILoggingEvent> logs = new ListAppender<>();

    StoreBreakerTest() {
        logs.start();
        logger.addAppender(logs);
    }

    @AfterEach
    void detach() {
        logger.detachAppender(logs);
    }


    /** A command that counts how often it reached "Redis", then answers {@code answer}. */
    private Mono<String> command(Mono<String> answer) {
        return Mono.defer(() -> {
            sent.incrementAndGet();
            return answer;
        });
    }

    private Throwable failure(Mono<String> answer) {
        return breaker.call(command(answer), Duration.ofMillis(5)).map(Throwable.class::cast)
                .onErrorResume(Mono::just).block(Duration.ofSeconds(5));
    }

    private String answer() {
        return breaker.call(command(Mono.just("PONG")), Duration.ofSeconds(5)).block(Duration.ofSeconds(5));
    }

    private long lines(Level level) {
        return logs.list.stream().filter(event -> event.getLevel() == level).count();
    }

    @Test
    void configWhenDefaultsThenHalfOfTheLastTenCallsOpenItForASecondAndThreeProbesCloseIt() {
        CircuitBreakerConfig config = StoreBreakerProperties.defaults().config();

        assertThat(config.getSlidingWindowType()).isEqualTo(SlidingWindowType.COUNT_BASED);
        assertThat(config.getSlidingWindowSize()).isEqualTo(10);
        assertThat(config.getMinimumNumberOfCalls()).isEqualTo(5);
        assertThat(config.getFailureRateThreshold()).isEqualTo(50f);
        assertThat(config.getWaitIntervalFunctionInOpenState().apply(1)).isEqualTo(1000L);
        assertThat(config.getPermittedNumberOfCallsInHalfOpenState()).isEqualTo(3);
        assertThat(config.isAutomaticTransitionFromOpenToHalfOpenEnabled()).as("no timer thread").isFalse();
        assertThat(config.getSlidingWindowSynchronizationStrategy())
                .isEqualTo(CircuitBreakerConfig.SlidingWindowSynchronizationStrategy.LOCK_FREE);
    }

    @Test
    void callWhenNotYetConnectedThenNothingIsSent() {
        Throwable error = failure(Mono.just("PONG"));

        assertThat(StoreBreaker.notSent(error)).isTrue();
        assertThat(sent).hasValue(0);
        assertThat(breaker.settled()).isFalse();
    }

    @Test
    void callWhenConnectedThenTheAnswer() {
        breaker.connectionUp();

        assertThat(answer()).isEqualTo("PONG");
        assertThat(breaker.available()).isTrue();
        assertThat(breaker.settled()).isTrue();
    }

    @Test
    void callWhenTheConnectionIsDownThenNothingIsSentUntilItIsUpAgain() {
        breaker.connectionUp();
        breaker.connectionDown("connection lost");
        Throwable whileDown = failure(Mono.just("PONG"));
        breaker.connectionUp();

        assertThat(StoreBreaker.notSent(whileDown)).isTrue();
        assertThat(answer()).isEqualTo("PONG");
        assertThat(sent).hasValue(1);
    }

    @Test
    void callWhenItFailsAfterItWasSentThenTheErrorSaysSo() {
        breaker.connectionUp();

        Throwable timedOut = failure(Mono.never());
        Throwable failed = failure(Mono.error(new IOException("reset")));

        assertThat(StoreBreaker.notSent(timedOut)).isFalse();
        assertThat(StoreBreaker.notSent(failed)).isFalse();
        assertThat(breaker.failedCalls()).isEqualTo(2);
        assertThat(breaker.state()).as("two failures are not an outage").isEqualTo(State.CLOSED);
    }

    @Test
    void timeoutsWhileAnswersStillArriveLateAreSlownessNotAnOutage() throws InterruptedException {
        breaker.connectionUp();
        for (int i = 0; i < 20; i++) {
            clock.advance(Duration.ofMillis(500));
            // answered 30 ms after its 5 ms timeout: this gateway stopped waiting, Redis did answer
            assertThat(StoreBreaker.notSent(failure(Mono.delay(Duration.ofMillis(30)).thenReturn("late")))).isFalse();
            Thread.sleep(60);
        }

        assertThat(breaker.state()).isEqualTo(State.CLOSED);
        assertThat(breaker.failedCalls()).as("each timed-out call is still counted").isEqualTo(20);
    }

    @Test
    void timeoutsWithNoAnswerAtAllForUnansweredForOpenTheBreaker() {
        breaker.connectionUp();
        clock.advance(StoreBreakerProperties.DEFAULT_UNANSWERED_FOR.minusMillis(1));
        failure(Mono.never());
        State beforeTheBound = breaker.state();

        clock.advance(Duration.ofMillis(1));
        failure(Mono.never());

        assertThat(beforeTheBound).isEqualTo(State.CLOSED);
        assertThat(breaker.state()).isEqualTo(State.OPEN);
        assertThat(StoreBreaker.notSent(failure(Mono.just("PONG")))).as("open: nothing sent").isTrue();
    }

    @Test
    void settledWhenRefusedButNotWhenAConnectTimedOut() {
        breaker.connectTimedOut();
        boolean afterTimeout = breaker.settled();
        breaker.connectionDown("connection refused");

        assertThat(afterTimeout).isFalse();
        assertThat(breaker.settled()).isTrue();
        assertThat(breaker.connection()).isEqualTo(StoreBreaker.Connection.DOWN);
    }

    @Test
    void anOutageIsLoggedOnceAtItsStartAndOnceAtItsEndNeverPerCall() {
        breaker.connectionUp();
        clock.advance(StoreBreakerProperties.DEFAULT_UNANSWERED_FOR);
        for (int i = 0; i < 20; i++) {
            failure(Mono.never());
        }
        clock.advance(breaker.openFor().plusMillis(1));
        for (int i = 0; i < 3; i++) {
            failure(Mono.never());
        }
        clock.advance(breaker.openFor().plusMillis(1));
        for (int i = 0; i < 3; i++) {
            answer();
        }

        assertThat(breaker.state()).isEqualTo(State.CLOSED);
        assertThat(lines(Level.WARN)).isEqualTo(1);
        assertThat(logs.list).filteredOn(event -> event.getLevel() == Level.WARN).singleElement()
                .satisfies(event -> assertThat(event.getFormattedMessage()).contains("Redis 10.0.0.5:6379 is unavailable"));
        assertThat(logs.list).filteredOn(event -> event.getLevel() == Level.INFO)
                .extracting(ILoggingEvent::getFormattedMessage)
                .containsExactly("connected to Redis 10.0.0.5:6379: rate limits and token state are shared",
                        "Redis 10.0.0.5:6379 answers again after 2002 ms: shared rate limits and token state apply");
    }

    @Test
    void aLostConnectionIsLoggedOnceHoweverOftenReconnectingFails() {
        breaker.connectionUp();
        for (int i = 0; i < 5; i++) {
            breaker.connectionDown("connection refused");
            failure(Mono.just("PONG"));
        }
        breaker.connectionUp();

        assertThat(lines(Level.WARN)).isEqualTo(1);
        assertThat(breaker.unavailableSince()).isNull();
    }

    @Test
    void disabledWhenUsedOnceThenAlwaysSends() {
        StoreBreaker disabled = StoreBreaker.disabled();

        String answer = disabled.call(Mono.just("PONG"), Duration.ofSeconds(1)).block();

        assertThat(answer).isEqualTo("PONG");
        assertThat(disabled.available()).isTrue();
    }
}

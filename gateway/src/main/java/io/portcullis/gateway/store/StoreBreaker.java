package io.portcullis.gateway.store;

import io.github.resilience4j.circuitbreaker.CallNotPermittedException;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreaker.State;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import io.github.resilience4j.circuitbreaker.IllegalStateTransitionException;
import io.github.resilience4j.reactor.circuitbreaker.operator.CircuitBreakerOperator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import io.portcullis.gateway.web.RequestThread;
import reactor.core.publisher.Mono;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.atomic.LongAdder;

/**
 * Whether Redis can be asked now (STYLE.md: availability is one object per store that callers ask). One per Redis
 * connection, shared by every store on it (rate limits and token state): the connection and the server are what fail,
 * so what one caller learns spares the others the wait. Callers run each command through {@link #call}; the breaker
 * opens when most recent calls failed, or when calls outlive their timeout and none has been answered for
 * {@code unansweredFor}, probes after {@code openFor}, and closes when the probes succeed. A timeout alone proves
 * only slowness, which may be this gateway's own (a cold start under a burst delays the replies it reads): while
 * other calls are answered, Redis is slow, not unavailable, and the late calls are refused as in doubt by their
 * callers rather than answered from a local count. While the connection is down, or not yet made, it is held open: nothing is sent. Logs each outage
 * once, a WARN at its start and an INFO at its end, naming the server by host:port only.
 */
public final class StoreBreaker {

    /** What is known of the connection: not yet made (start-up), made, or refused/lost. */
    public enum Connection { CONNECTING, UP, DOWN }

    private static final Logger log = LoggerFactory.getLogger(StoreBreaker.class);

    private final CircuitBreaker breaker;
    private final String address;
    private final Duration openFor;
    private final Clock clock;
    private final long unansweredForMillis;
    /** When Redis last answered a call, in time or late (or the connection was made), by {@link #clock}. */
    private volatile long lastAnswer;
    private final AtomicReference<Instant> unavailableSince = new AtomicReference<>();
    private final AtomicBoolean everConnected = new AtomicBoolean();
    private final LongAdder failedCalls = new LongAdder();
    private volatile Connection connection = Connection.CONNECTING;
    private volatile String lastError;

    /** A breaker for the Redis at {@code address} (host:port), open until {@link #connectionUp()}. */
    public StoreBreaker(String address, CircuitBreakerConfig config, Clock clock) {
        this(address, config, clock, StoreBreakerProperties.DEFAULT_UNANSWERED_FOR);
    }

    /** As above; {@code unansweredFor}: how long timed-out calls with no answer at all make Redis unavailable. */
    public StoreBreaker(String address, CircuitBreakerConfig config, Clock clock, Duration unansweredFor) {
        this.unansweredForMillis = unansweredFor.toMillis();
        this.breaker = CircuitBreaker.of("redis", config);
        this.address = address;
        this.openFor = Duration.ofMillis(config.getWaitIntervalFunctionInOpenState().apply(1));
        this.clock = clock;
        breaker.transitionToForcedOpenState();
        breaker.getEventPublisher()
                .onError(event -> failed(event.getThrowable()))
                .onStateTransition(event -> transitioned(event.getStateTransition().getToState()));
    }

    /** Always closed, recording nothing: for one-shot commands (the CLI), which just fail when Redis does. */
    public static StoreBreaker disabled() {
        StoreBreaker breaker = new StoreBreaker("redis", CircuitBreakerConfig.ofDefaults(), Clock.systemUTC());
        breaker.connection = Connection.UP;
        breaker.breaker.transitionToDisabledState();
        return breaker;
    }

    /**
     * {@code command}, bounded by {@code timeout}, when the breaker lets it through. Fails with a
     * {@link CallNotPermittedException} (see {@link #notSent}) without sending anything while the breaker is open;
     * any other error means the command was sent and may have run.
     */
    public <T> Mono<T> call(Mono<T> command, Duration timeout) {
        return Mono.defer(() -> {
            // The command runs to its end even when the caller stops waiting: a late answer still proves Redis alive.
            Mono<T> sent = command.doOnSuccess(answer -> lastAnswer = clock.millis()).cache();
            // timed on the caller's event loop
            return RequestThread.deadline(sent, timeout, RequestThread.currentLoopScheduler())
                    .doOnError(TimeoutException.class, this::unanswered);
        }).transformDeferred(CircuitBreakerOperator.of(breaker));
    }

    /** True when {@code error} from {@link #call} means nothing reached Redis. */
    public static boolean notSent(Throwable error) {
        return error instanceof CallNotPermittedException;
    }

    /** The connection was made (or made again): Redis answers, calls go through. */
    public void connectionUp() {
        lastAnswer = clock.millis();
        connection = Connection.UP;
        if (breaker.getState() != State.CLOSED && breaker.getState() != State.DISABLED) {
            breaker.transitionToClosedState();
        } else {
            recovered();
        }
    }

    /** The connection was refused or lost: nothing is sent until it is up again. */
    public void connectionDown(String reason) {
        connection = Connection.DOWN;
        lastError = reason;
        if (breaker.getState() != State.FORCED_OPEN) {
            breaker.transitionToForcedOpenState();
        }
        announce();
    }

    /** An attempt to connect that timed out: Redis may be paused or overloaded, whether it is down is unknown. */
    public void connectTimedOut() {
        lastError = "connect timed out";
        announce();
    }

    /** True once the connection was made or known to be down: until then, this instance cannot count exactly. */
    public boolean settled() {
        return connection != Connection.CONNECTING;
    }

    /** True while calls go through unhindered (the breaker is closed). */
    public boolean available() {
        State state = breaker.getState();
        return state == State.CLOSED || state == State.DISABLED;
    }

    public State state() {
        return breaker.getState();
    }

    public Connection connection() {
        return connection;
    }

    /** How long the breaker stays open before it lets probes through. */
    public Duration openFor() {
        return openFor;
    }

    public String address() {
        return address;
    }

    /** When the current outage started; null while available. */
    public Instant unavailableSince() {
        return unavailableSince.get();
    }

    /** The last failure, as an exception class name or a short reason; never a message (it may carry data). */
    public String lastError() {
        return lastError;
    }

    /** Calls that failed or timed out since start. */
    public long failedCalls() {
        return failedCalls.sum();
    }

    /**
     * A call outlived its timeout (ignored by the failure rate, see {@link StoreBreakerProperties#config()}): Redis is
     * unavailable only if nothing at all was answered for {@code unansweredFor} (hung, or unreachable).
     */
    private void unanswered(TimeoutException late) {
        failed(late);
        if (clock.millis() - lastAnswer < unansweredForMillis) {
            return;
        }
        State state = breaker.getState();
        if (state == State.CLOSED || state == State.HALF_OPEN) {
            try {
                breaker.transitionToOpenState();
            } catch (IllegalStateTransitionException raced) {
                // another call opened it (or the connection's loss forced it open) a moment before
            }
        }
    }

    private void failed(Throwable error) {
        failedCalls.increment();
        lastError = error.getClass().getSimpleName();
    }

    private void transitioned(State to) {
        if (to == State.CLOSED) {
            recovered();
        } else if (to == State.OPEN) {
            announce();
        }
    }

    /** Ends the outage, if one was announced; else says that the first connection was made, once. */
    private void recovered() {
        Instant since = unavailableSince.getAndSet(null);
        if (since != null) {
            everConnected.set(true);
            log.info("Redis {} answers again after {} ms: shared rate limits and token state apply", address,
                    Duration.between(since, clock.instant()).toMillis());
        } else if (everConnected.compareAndSet(false, true)) {
            log.info("connected to Redis {}: rate limits and token state are shared", address);
        }
    }

    private void announce() {
        if (unavailableSince.compareAndSet(null, clock.instant())) {
            log.warn("Redis {} is unavailable ({}): rate limits follow throttle.store_failure and token state answers "
                    + "503 until it answers again", address, lastError);
        }
    }
}

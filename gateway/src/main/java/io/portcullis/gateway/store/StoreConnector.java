package io.portcullis.gateway.store;

import io.lettuce.core.RedisCommandTimeoutException;
import io.lettuce.core.event.Event;
import io.lettuce.core.event.EventBus;
import io.lettuce.core.event.connection.ConnectionActivatedEvent;
import io.lettuce.core.event.connection.ConnectionDeactivatedEvent;
import io.lettuce.core.event.connection.ConnectionEvent;
import io.netty.channel.ConnectTimeoutException;
import org.springframework.context.SmartLifecycle;
import org.springframework.data.redis.connection.ReactiveRedisConnection;
import org.springframework.data.redis.connection.ReactiveRedisConnectionFactory;
import reactor.core.Disposable;
import reactor.core.Disposables;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;
import reactor.util.retry.Retry;

import java.net.ConnectException;
import java.net.SocketAddress;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Predicate;

/**
 * Makes the shared Redis connection at start-up, off the event loops, and tries again until Redis first answers; from
 * then on Lettuce reconnects by itself, and this relays each drop and return of the connection to the breaker. No
 * request ever makes the connection: Spring Data connects synchronously, which would block its event loop, so the
 * breaker holds every call back until the connection is up. Starts right after the connection factory and before the
 * web server, and stops in the reverse order, so a shutdown is not reported as an outage.
 */
final class StoreConnector implements SmartLifecycle {

    /** Just after {@link org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory}'s phase (0). */
    static final int PHASE = 1;

    private static final Duration FIRST_RETRY = Duration.ofMillis(100);
    private static final Duration LAST_RETRY = Duration.ofSeconds(2);

    private final ReactiveRedisConnectionFactory redis;
    private final EventBus events;
    private final Predicate<SocketAddress> dataNode;
    private final StoreBreaker breaker;
    private final Duration timeout;
    private final Duration wait;
    private final Disposable.Composite running = Disposables.composite();
    private final CountDownLatch settled = new CountDownLatch(1);
    /**
     * The local addresses of the channels now open; events arrive on one thread at a time, in order. A cluster client
     * holds one per node and opens short-lived ones to read the topology; a Sentinel client asks a sentinel, then
     * connects to the master: the connection is lost only when none is left.
     */
    private final Set<SocketAddress> active = new HashSet<>();
    /**
     * Whether the first attempt has connected. Until then a channel's activation does not close the breaker: the
     * connection factory is still making its shared connection, under its lock, and a request let through would wait
     * for that lock on an event loop that the connection itself needs (a gateway that never answers again).
     */
    private volatile boolean established;

    /**
     * {@code events} are the Redis client's; {@code timeout} bounds the PING of each attempt (connecting is bounded by
     * the client's own timeouts); {@code wait} is how long start-up waits for the connection. Only channels to a {@code dataNode}
     * (not to a sentinel, say) tell whether the connection is up.
     */
    StoreConnector(ReactiveRedisConnectionFactory redis, EventBus events, Predicate<SocketAddress> dataNode,
                   StoreBreaker breaker, Duration timeout, Duration wait) {
        this.redis = redis;
        this.events = events;
        this.dataNode = dataNode;
        this.breaker = breaker;
        this.timeout = timeout;
        this.wait = wait;
    }

    /**
     * Follows the client's events and starts connecting; returns once connected or refused, or after {@code wait}, so
     * that the first requests served find the connection made.
     */
    @Override
    public void start() {
        running.add(events.get().subscribe(this::relay));
        running.add(attempt().retryWhen(Retry.backoff(Long.MAX_VALUE, FIRST_RETRY).maxBackoff(LAST_RETRY))
                .subscribe(pong -> { }, error -> { }));
        try {
            settled.await(wait.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Connects (blocking, so on a thread that may block), then one PING. */
    private Mono<String> attempt() {
        return Mono.usingWhen(Mono.fromCallable(redis::getReactiveConnection).subscribeOn(Schedulers.boundedElastic()),
                        connection -> connection.ping().timeout(timeout), ReactiveRedisConnection::closeLater)
                .doOnNext(pong -> connected())
                .doOnError(this::failed);
    }

    private void connected() {
        established = true;
        breaker.connectionUp();
        settled.countDown();
    }

    private void failed(Throwable error) {
        if (timedOut(error)) {
            breaker.connectTimedOut();
        } else {
            breaker.connectionDown(describe(error));
            settled.countDown();
        }
    }

    /**
     * Only the loss of the last open channel is a lost connection; a channel whose activation was never reported (a
     * failed attempt's: the attempt decides what it means) is ignored, and so is every loss before the first attempt
     * connected (a cluster client reads the topology over channels it then closes). With one server that is its one
     * channel; on a cluster, the loss of one node's channel is left to the breaker's failure rate and the client's
     * topology refresh.
     */
    private void relay(Event event) {
        if (event instanceof ConnectionEvent channel && !dataNode.test(channel.remoteAddress())) {
            return; // a sentinel answering where the master is: says nothing of the master
        }
        if (event instanceof ConnectionActivatedEvent activated) {
            active.add(activated.localAddress());
            if (established) {
                breaker.connectionUp(); // a reconnect by Lettuce, under the shared connection already made
            }
        } else if (event instanceof ConnectionDeactivatedEvent deactivated && active.remove(deactivated.localAddress())
                && active.isEmpty() && established) {
            breaker.connectionDown("connection lost");
        }
    }

    /** A timeout says nothing of whether Redis is there (it may be paused, or the network slow). */
    static boolean timedOut(Throwable error) {
        for (Throwable cause = error; cause != null; cause = cause.getCause()) {
            if (cause instanceof TimeoutException || cause instanceof ConnectTimeoutException
                    || cause instanceof RedisCommandTimeoutException || cause instanceof SocketTimeoutException) {
                return true;
            }
        }
        return false;
    }

    /** The root cause's class: an exception message may carry the URL, and with it a password. */
    static String describe(Throwable error) {
        Throwable root = error;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return root instanceof ConnectException ? "connection refused" : root.getClass().getSimpleName();
    }

    @Override
    public void stop() {
        running.dispose();
    }

    @Override
    public boolean isRunning() {
        return running.size() > 0 && !running.isDisposed();
    }

    @Override
    public int getPhase() {
        return PHASE;
    }
}

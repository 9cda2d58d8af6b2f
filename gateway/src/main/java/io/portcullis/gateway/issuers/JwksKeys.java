package io.portcullis.gateway.issuers;

import io.portcullis.policy.token.IssuerKeys;
import io.portcullis.policy.token.IssuerUnavailableException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.Disposable;
import reactor.core.publisher.Mono;
import reactor.netty.http.client.HttpClient;
import reactor.netty.resources.ConnectionProvider;

import java.net.URI;
import java.security.Key;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * The keys of an OpenID Connect provider (or any JWKS publisher), fetched from its {@code jwks_url} or through
 * discovery (DESIGN.md "External token issuers"). {@link #start()} fetches in the background, then every
 * {@code refresh}; a failed fetch keeps the last good keys and is retried sooner ({@link RefreshWaits}).
 * {@link #find} only reads the last good set and never does I/O. After {@link #close()} nothing is fetched any more,
 * but the last keys still answer, so requests already under way can finish.
 */
public final class JwksKeys implements IssuerKeys, AutoCloseable {

    /** DESIGN.md: an unknown {@code kid} refreshes the keys at most this often. */
    static final Duration UNKNOWN_KID_INTERVAL = Duration.ofSeconds(30);
    private static final Logger log = LoggerFactory.getLogger(JwksKeys.class);

    private final String issuerId;
    private final Clock clock;
    private final RefreshWaits waits;
    private final JwksFetcher fetcher;
    private final JwkSetReader reader;
    private volatile JwksKeySet keys;
    private volatile JwksStatus status;

    private final Object lock = new Object();
    private boolean started;
    private boolean closed;
    private Instant lastUnknownKidFetch;
    private CompletableFuture<Attempt> inFlight;
    private Disposable fetching;
    private Disposable timer;

    /**
     * @param issuerId        the policy's {@code id}, for logs and {@link IssuerUnavailableException}
     * @param jwksUrl         where the JWKS is, or null to discover it
     * @param discoveryIssuer with {@code jwksUrl} null: the issuer whose {@code /.well-known/openid-configuration}
     *                        names the JWKS, and which that document must name as its {@code issuer} exactly
     * @param allowHttp       whether {@code http} URLs are allowed (else only {@code https})
     * @param refresh         how often the keys are fetched again
     * @param algorithms      the issuer's algorithms: keys fitting none of them are skipped
     * @param clock           times the unknown-kid rate limit and the status
     * @throws IllegalArgumentException unless exactly one of {@code jwksUrl} and {@code discoveryIssuer} is given, as
     *                                  an absolute https URL (or http with {@code allowHttp})
     */
    public JwksKeys(String issuerId, URI jwksUrl, URI discoveryIssuer, boolean allowHttp, Duration refresh,
                    Set<String> algorithms, Clock clock) {
        this(issuerId, jwksUrl, discoveryIssuer, allowHttp, refresh, algorithms, clock, JwksLimits.DEFAULT,
                HttpClient.create(ConnectionProvider.newConnection()));
    }

    /** As above, with other limits and a client of the caller's (tests: its TLS trust); the limits are set on it. */
    public JwksKeys(String issuerId, URI jwksUrl, URI discoveryIssuer, boolean allowHttp, Duration refresh,
                    Set<String> algorithms, Clock clock, JwksLimits limits, HttpClient client) {
        if (issuerId == null || clock == null || limits == null || client == null || algorithms == null
                || algorithms.isEmpty()) {
            throw new IllegalArgumentException("an issuer id, algorithms, a clock, limits and a client are needed");
        }
        if ((jwksUrl == null) == (discoveryIssuer == null)) {
            throw new IllegalArgumentException("issuer " + issuerId + " needs exactly one of jwks_url and discovery");
        }
        if (refresh == null || refresh.isNegative() || refresh.isZero()) {
            throw new IllegalArgumentException("jwks_refresh of issuer " + issuerId + " must be positive");
        }
        this.issuerId = issuerId;
        this.clock = clock;
        this.waits = new RefreshWaits(refresh, limits.firstRetry());
        this.fetcher = new JwksFetcher(issuerId, jwksUrl, discoveryIssuer, allowHttp, limits, client);
        this.reader = new JwkSetReader(algorithms);
        this.status = JwksStatus.initial(issuerId, fetcher.source().toString());
    }

    /** Starts fetching in the background and returns at once; a second call does nothing. */
    public void start() {
        synchronized (lock) {
            if (started || closed) {
                return;
            }
            started = true;
        }
        scheduleFetch(Duration.ZERO);
    }

    @Override
    public Optional<Key> find(String kid, String algorithm) throws IssuerUnavailableException {
        JwksKeySet current = keys;
        if (current == null) {
            throw new IssuerUnavailableException(issuerId);
        }
        return current.find(kid, algorithm);
    }

    /** Joins a fetch already under way (without using up the 30 s); else fetches if the last such fetch is 30 s old. */
    @Override
    public CompletionStage<Boolean> refreshForUnknownKid() {
        synchronized (lock) {
            if (closed) {
                return CompletableFuture.completedFuture(false);
            }
            if (inFlight == null) {
                Instant now = clock.instant();
                if (lastUnknownKidFetch != null && now.isBefore(lastUnknownKidFetch.plus(UNKNOWN_KID_INTERVAL))) {
                    return CompletableFuture.completedFuture(false);
                }
                lastUnknownKidFetch = now;
            }
            return fetch().thenApply(Attempt::changed);
        }
    }

    public JwksStatus status() {
        return status;
    }

    /** Stops refreshing and cancels a fetch under way; {@link #find} keeps answering with the last keys. */
    @Override
    public void close() {
        CompletableFuture<Attempt> pending;
        synchronized (lock) {
            if (closed) {
                return;
            }
            closed = true;
            dispose(timer);
            dispose(fetching);
            pending = inFlight;
            inFlight = null;
        }
        if (pending != null) {
            pending.complete(Attempt.FAILED);
        }
    }

    @Override
    public String toString() {
        return "JwksKeys[issuer=" + issuerId + ", source=" + fetcher.source() + "]";
    }

    private void scheduleFetch(Duration delay) {
        synchronized (lock) {
            if (!closed) {
                timer = Mono.delay(delay).subscribe(tick -> fetch().thenAccept(attempt -> scheduleFetch(next(attempt))));
            }
        }
    }

    private Duration next(Attempt attempt) {
        return attempt.succeeded() ? waits.afterSuccess() : waits.afterFailure(keys != null);
    }

    /** One fetch at a time: a caller arriving while one is under way shares its outcome. */
    private CompletableFuture<Attempt> fetch() {
        synchronized (lock) {
            if (closed) {
                return CompletableFuture.completedFuture(Attempt.FAILED);
            }
            if (inFlight != null) {
                return inFlight;
            }
            CompletableFuture<Attempt> attempt = new CompletableFuture<>();
            inFlight = attempt;
            // subscribing only hands the fetch to a worker (JwksFetcher): cheap enough to do holding the lock
            Disposable subscription = fetcher.fetch()
                    .map(reader::read)
                    .map(this::accepted)
                    .onErrorResume(error -> Mono.just(failed(error)))
                    .subscribe(outcome -> complete(attempt, outcome));
            if (inFlight == attempt) {
                fetching = subscription;
            }
            return attempt;
        }
    }

    private void complete(CompletableFuture<Attempt> attempt, Attempt outcome) {
        synchronized (lock) {
            if (inFlight == attempt) {
                inFlight = null;
                fetching = null;
            }
        }
        attempt.complete(outcome);
    }

    private Attempt accepted(JwkSetReader.Result result) {
        boolean changed = !result.keys().equals(keys);
        keys = result.keys();
        String source = fetcher.source().toString();
        status = status.succeeded(source, result.keys().kids(), clock.instant());
        if (changed) {
            log.info("issuer {}: {} key(s) from {}, kids {}", issuerId, result.keys().keys().size(), source,
                    result.keys().kids());
            result.skipped().forEach(reason -> log.warn("issuer {}: {} {}", issuerId, source, reason));
        } else {
            log.debug("issuer {}: keys from {} unchanged", issuerId, source);
        }
        return new Attempt(true, changed);
    }

    private Attempt failed(Throwable error) {
        String reason = error instanceof JwksFetchException ? error.getMessage()
                : "unexpected " + error.getClass().getSimpleName();
        status = status.failed(fetcher.source().toString(), clock.instant(), reason);
        JwksStatus now = status;
        if (now.lastSuccess() == null) {
            log.warn("issuer {}: fetching its keys failed: {}; its tokens get 503 until a fetch succeeds",
                    issuerId, reason);
        } else {
            log.warn("issuer {}: fetching its keys failed: {}; keeping the {} key(s) fetched at {}", issuerId, reason,
                    now.kids().size(), now.lastSuccess());
        }
        return Attempt.FAILED;
    }

    private static void dispose(Disposable disposable) {
        if (disposable != null) {
            disposable.dispose();
        }
    }

    /** How one fetch ended: whether it succeeded, and whether the keys differ from before. */
    private record Attempt(boolean succeeded, boolean changed) {
        static final Attempt FAILED = new Attempt(false, false);
    }
}

package io.portcullis.gateway.reload;

import io.portcullis.policy.PolicySnapshot;
import io.portcullis.policy.parse.InvalidPolicyException;
import io.portcullis.policy.parse.PolicyLoader;
import io.portcullis.policy.parse.Problem;
import io.micrometer.core.instrument.MeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.cloud.gateway.event.RefreshRoutesEvent;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.SmartLifecycle;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.core.scheduler.Scheduler;
import reactor.core.scheduler.Schedulers;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.ClosedWatchServiceException;
import java.nio.file.Path;
import java.nio.file.StandardWatchEventKinds;
import java.nio.file.WatchKey;
import java.nio.file.WatchService;
import java.util.concurrent.TimeUnit;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * Re-reads policy.yaml and users.yaml when their content changes (DESIGN.md "Hot reload"). File events make it
 * react at once; polling covers bind mounts and network filesystems, where events never arrive. An edit is applied
 * only once two consecutive looks see the same content (debounce: an editor's half-written file is never read). A valid edit is swapped in atomically and the
 * routes refreshed; an invalid one is logged with its problems and the last good policy keeps serving.
 */
public final class PolicyWatcher implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(PolicyWatcher.class);
    private static final Duration EVENT_SETTLE = Duration.ofMillis(100);

    private final Path directory;
    private final PolicyHolder holder;
    private final Consumer<PolicySnapshot> check;
    private final ApplicationEventPublisher events;
    private final MeterRegistry metrics;
    private final Duration interval;
    private final Clock clock;
    private final AtomicReference<ReloadStatus> status;
    private volatile Scheduler scheduler;
    private Disposable polling;
    private Thread eventThread;
    private byte[] applied;
    private byte[] lastSeen;
    private volatile Function<String, String> environment = System::getenv;

    public PolicyWatcher(Path directory, PolicyHolder holder, Consumer<PolicySnapshot> check, ApplicationEventPublisher events,
                         MeterRegistry metrics, Duration interval, Clock clock) {
        this.directory = directory;
        this.holder = holder;
        this.check = check;
        this.events = events;
        this.metrics = metrics;
        this.interval = interval;
        this.clock = clock;
        this.status = new AtomicReference<>(new ReloadStatus(holder.current().loadedAt(), holder.current().loadedAt(), List.of()));
        this.applied = fingerprint();
        this.lastSeen = applied;
    }

    /** Environment variables named by the policy are read from {@code environment} (default: the process's). */
    public PolicyWatcher readingEnvironment(Function<String, String> environment) {
        this.environment = environment;
        return this;
    }

    public ReloadStatus status() {
        return status.get();
    }

    /** One poll: reloads when the files changed and have stayed the same since the previous poll. Blocking. */
    synchronized void poll() {
        byte[] seen = fingerprint();
        boolean settled = Arrays.equals(seen, lastSeen);
        lastSeen = seen;
        if (!settled || Arrays.equals(seen, applied)) {
            return;
        }
        applied = seen;
        reload();
    }

    private void reload() {
        try {
            PolicySnapshot snapshot = PolicyLoader.load(directory, environment);
            check.accept(snapshot);
            holder.swap(snapshot);
            events.publishEvent(new RefreshRoutesEvent(this));
            status.set(new ReloadStatus(snapshot.loadedAt(), snapshot.loadedAt(), List.of()));
            metrics.counter("portcullis.policy.reload", "result", "applied").increment();
            log.info("policy reloaded from {}: {} routes, {} users", directory, snapshot.policy().routes().size(),
                    snapshot.users().all().size());
        } catch (InvalidPolicyException e) {
            refuse(e.problems());
        } catch (RuntimeException e) {
            refuse(List.of(new Problem(PolicyLoader.POLICY_FILE, 1, 1, e.getMessage())));
        }
    }

    private void refuse(List<Problem> problems) {
        status.set(new ReloadStatus(status.get().loadedAt(), clock.instant(), problems));
        metrics.counter("portcullis.policy.reload", "result", "refused").increment();
        log.error("policy reload refused, still serving the policy loaded at {}:\n  {}", status.get().loadedAt(),
                String.join("\n  ", problems.stream().map(Problem::toString).toList()));
    }

    /** SHA-256 over both files' bytes (a missing file counts as a distinct content). */
    private byte[] fingerprint() {
        try {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            for (String file : new String[]{PolicyLoader.POLICY_FILE, PolicyLoader.USERS_FILE}) {
                try {
                    digest.update(Files.readAllBytes(directory.resolve(file)));
                } catch (NoSuchFileException e) {
                    digest.update((file + ":missing").getBytes());
                }
                digest.update((byte) 0);
            }
            return digest.digest();
        } catch (IOException e) {
            return ("unreadable:" + e.getClass().getSimpleName()).getBytes();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required of every JVM", e);
        }
    }

    @Override
    public synchronized void start() {
        scheduler = Schedulers.newSingle("policy-watcher", true);
        polling = Flux.interval(interval, interval, scheduler)
                .subscribe(tick -> poll(), error -> log.error("policy watcher stopped: {}", error.toString()));
        eventThread = new Thread(this::watchEvents, "policy-events");
        eventThread.setDaemon(true);
        eventThread.start();
    }

    /** On a file event, looks twice shortly after (the debounce needs two equal looks); polling remains the backstop. */
    private void watchEvents() {
        try (WatchService events = directory.getFileSystem().newWatchService()) {
            directory.register(events, StandardWatchEventKinds.ENTRY_CREATE, StandardWatchEventKinds.ENTRY_MODIFY,
                    StandardWatchEventKinds.ENTRY_DELETE);
            while (!Thread.currentThread().isInterrupted()) {
                WatchKey key = events.take();
                key.pollEvents();
                key.reset();
                Scheduler current = scheduler;
                if (current != null) {
                    current.schedule(this::poll, EVENT_SETTLE.toMillis(), TimeUnit.MILLISECONDS);
                    current.schedule(this::poll, 2 * EVENT_SETTLE.toMillis(), TimeUnit.MILLISECONDS);
                }
            }
        } catch (InterruptedException | ClosedWatchServiceException e) {
            Thread.currentThread().interrupt();
        } catch (IOException | RuntimeException e) {
            log.info("file events unavailable for {} ({}); polling every {}", directory, e.getClass().getSimpleName(), interval);
        }
    }

    @Override
    public synchronized void stop() {
        if (eventThread != null) {
            eventThread.interrupt();
            eventThread = null;
        }
        if (polling != null) {
            polling.dispose();
            scheduler.dispose();
            polling = null;
        }
    }

    @Override
    public synchronized boolean isRunning() {
        return polling != null;
    }
}

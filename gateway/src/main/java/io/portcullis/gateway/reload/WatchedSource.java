package io.portcullis.gateway.reload;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.springframework.context.SmartLifecycle;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;

/**
 * Something the gateway re-reads when its files change (DESIGN.md "Hot reload"): a {@link ChangeWatcher} calls
 * {@link #reload()} once an edit has settled; the subclass swaps in what it read, or refuses it and keeps what serves.
 * Keeps the outcome for health and counts it as {@code <metric>{result=applied|refused}}.
 */
public abstract class WatchedSource implements SmartLifecycle {

    private final ChangeWatcher changes;
    private final Counter applied;
    private final Counter refused;
    private final Clock clock;
    private final AtomicReference<ReloadStatus> status;

    /** {@code fingerprint} must not read this object's fields: it is called once before the subclass is built. */
    protected WatchedSource(String name, Path directory, Supplier<byte[]> fingerprint, String metric, MeterRegistry metrics,
                            Duration interval, Clock clock, Instant loadedAt) {
        this.applied = metrics.counter(metric, "result", "applied");
        this.refused = metrics.counter(metric, "result", "refused");
        this.clock = clock;
        this.status = new AtomicReference<>(new ReloadStatus(loadedAt, loadedAt, List.of()));
        this.changes = new ChangeWatcher(name, directory, fingerprint, this::reload, interval);
    }

    /** Reads the files again; reports through {@link #applied} or {@link #refused}. Runs on the watcher's thread. */
    protected abstract void reload();

    public ReloadStatus status() {
        return status.get();
    }

    protected void applied(Instant loadedAt) {
        status.set(new ReloadStatus(loadedAt, loadedAt, List.of()));
        applied.increment();
    }

    /** Records a refused edit; what serves keeps its {@code loadedAt}. */
    protected void refused(List<String> errors) {
        status.set(new ReloadStatus(status.get().loadedAt(), clock.instant(), errors));
        refused.increment();
    }

    /** One look: reloads when the files changed and have stayed the same since the previous look. Blocking. */
    void poll() {
        changes.poll();
    }

    @Override
    public void start() {
        changes.start();
    }

    @Override
    public void stop() {
        changes.stop();
    }

    @Override
    public boolean isRunning() {
        return changes.isRunning();
    }
}

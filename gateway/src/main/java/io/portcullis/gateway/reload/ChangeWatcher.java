package io.portcullis.gateway.reload;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.core.scheduler.Scheduler;
import reactor.core.scheduler.Schedulers;

import java.io.IOException;
import java.nio.file.ClosedWatchServiceException;
import java.nio.file.Path;
import java.nio.file.StandardWatchEventKinds;
import java.nio.file.WatchKey;
import java.nio.file.WatchService;
import java.time.Duration;
import java.util.Arrays;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * Runs {@code onChange} when what {@code fingerprint} sees has changed and two consecutive looks agree (debounce: a
 * half-written file is never read). File events in {@code directory} make it look at once; polling every
 * {@code interval} covers bind mounts, network filesystems and a re-pointed symlink, where events never arrive.
 * {@code onChange} runs on one thread at a time, never on an event loop.
 */
final class ChangeWatcher {

    private static final Logger log = LoggerFactory.getLogger(ChangeWatcher.class);
    private static final Duration EVENT_SETTLE = Duration.ofMillis(100);

    private final String name;
    private final Path directory;
    private final Supplier<byte[]> fingerprint;
    private final Runnable onChange;
    private final Duration interval;
    private volatile Scheduler scheduler;
    private Disposable polling;
    private Thread eventThread;
    private byte[] applied;
    private byte[] lastSeen;

    ChangeWatcher(String name, Path directory, Supplier<byte[]> fingerprint, Runnable onChange, Duration interval) {
        this.name = name;
        this.directory = directory;
        this.fingerprint = fingerprint;
        this.onChange = onChange;
        this.interval = interval;
        this.applied = fingerprint.get();
        this.lastSeen = applied;
    }

    /** One look: runs {@code onChange} when the content changed and has stayed the same since the previous look. */
    synchronized void poll() {
        byte[] seen = fingerprint.get();
        boolean settled = Arrays.equals(seen, lastSeen);
        lastSeen = seen;
        if (!settled || Arrays.equals(seen, applied)) {
            return;
        }
        applied = seen;
        onChange.run();
    }

    synchronized void start() {
        scheduler = Schedulers.newSingle(name + "-watcher", true);
        polling = Flux.interval(interval, interval, scheduler)
                .subscribe(tick -> poll(), error -> log.error("{} watcher stopped: {}", name, error.toString()));
        eventThread = new Thread(this::watchEvents, name + "-events");
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

    synchronized void stop() {
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

    synchronized boolean isRunning() {
        return polling != null;
    }
}

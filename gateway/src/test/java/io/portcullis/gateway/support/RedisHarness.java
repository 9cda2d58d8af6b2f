package io.portcullis.gateway.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.UUID;

/**
 * A real Redis for tests. {@link #shared()} is the one named by {@code REDIS_URL} when set, else a private
 * {@code redis-server} started on a free port for this JVM. {@link #startPrivate()} always starts a private one, which
 * a test may stop and start again (Redis outages), pause and resume ({@code SIGSTOP}/{@code SIGCONT}: a server that
 * hangs), or slow down with {@code DEBUG SLEEP} (allowed from local connections). Tests never flush a Redis: they use
 * {@link #keyPrefix()} instead.
 */
public final class RedisHarness {

    private static RedisHarness shared;

    private final String url;
    private final int port;
    private final boolean owned;
    private RedisProcess process;

    private RedisHarness(String url, int port, boolean owned) {
        this.url = url;
        this.port = port;
        this.owned = owned;
    }

    public static synchronized RedisHarness shared() {
        if (shared == null) {
            String env = System.getenv("REDIS_URL");
            shared = env != null && !env.isBlank() ? new RedisHarness(env, -1, false) : startPrivate();
        }
        return shared;
    }

    /** A private redis-server on a free port, stopped when the JVM exits. */
    public static RedisHarness startPrivate() {
        int port = FreePort.find();
        RedisHarness redis = new RedisHarness("redis://127.0.0.1:" + port, port, true);
        redis.start();
        Runtime.getRuntime().addShutdownHook(new Thread(redis::stop));
        return redis;
    }

    public String url() {
        return url;
    }

    /** A fresh key prefix, so tests sharing one Redis never see each other's keys. */
    public static String keyPrefix() {
        return "pctest:" + UUID.randomUUID().toString().substring(0, 8) + ":";
    }

    /** Starts (or restarts, on the same port) a private server. */
    public synchronized void start() {
        if (!owned) {
            throw new IllegalStateException("only a private Redis can be started by a test");
        }
        if (process != null && process.alive()) {
            return;
        }
        process = RedisProcess.start(port, null, List.of("--port", Integer.toString(port), "--enable-debug-command", "local"));
    }

    /** Stops a private server at once (SIGKILL: an outage, not a shutdown), and deletes its files. */
    public synchronized void stop() {
        if (process != null) {
            process.close();
            process = null;
        }
    }

    /** Freezes a private server ({@code SIGSTOP}): connections stay open, nothing is answered until {@link #resume()}. */
    public synchronized void pause() {
        signal("-STOP");
    }

    /** Lets a paused server go on ({@code SIGCONT}); it answers what was sent meanwhile. */
    public synchronized void resume() {
        signal("-CONT");
    }

    /** The port of a private server. */
    public int port() {
        return port;
    }

    private void signal(String signal) {
        if (!owned || process == null) {
            throw new IllegalStateException("only a running private Redis can be paused or resumed");
        }
        try {
            int exit = new ProcessBuilder("kill", signal, Long.toString(process.pid())).inheritIO().start().waitFor();
            if (exit != 0) {
                throw new IllegalStateException("kill " + signal + " exited " + exit);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}

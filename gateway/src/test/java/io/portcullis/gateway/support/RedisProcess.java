package io.portcullis.gateway.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.function.BooleanSupplier;
import java.util.stream.Stream;

/**
 * One private {@code redis-server} (or sentinel) process of a test deployment, in a temp directory of its own, on
 * 127.0.0.1. {@link #kill()} is SIGKILL (an outage, not a shutdown); {@link #close()} kills it and deletes its
 * directory.
 */
public final class RedisProcess implements AutoCloseable {

    private final int port;
    private final Path dir;
    private Process process;

    private RedisProcess(int port, Path dir, Process process) {
        this.port = port;
        this.dir = dir;
        this.process = process;
    }

    /**
     * Starts {@code redis-server} with {@code arguments} (a config file first, if any, then {@code --name value}
     * pairs) in a fresh directory, and waits until {@code port} accepts connections. {@code config} may be null, or
     * the text of a config file written into the directory (sentinels need one they can rewrite).
     */
    public static RedisProcess start(int port, String config, List<String> arguments) {
        try {
            Path dir = Files.createTempDirectory("portcullis-redis");
            List<String> command = new ArrayList<>(List.of(executable()));
            if (config != null) {
                Path file = dir.resolve("redis.conf");
                Files.writeString(file, config);
                command.add(file.toString());
            }
            command.addAll(arguments);
            command.addAll(List.of("--dir", dir.toString(), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"));
            Process process = new ProcessBuilder(command).redirectErrorStream(true)
                    .redirectOutput(dir.resolve("redis.log").toFile()).start();
            RedisProcess redis = new RedisProcess(port, dir, process);
            Runtime.getRuntime().addShutdownHook(new Thread(redis::close));
            if (!awaitListening(port, true)) {
                redis.close();
                throw new IllegalStateException("redis-server on port " + port + " did not start");
            }
            return redis;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start redis-server (install Debian's redis-server)", e);
        }
    }

    public int port() {
        return port;
    }

    public long pid() {
        return process.pid();
    }

    public boolean alive() {
        return process != null && process.isAlive();
    }

    /** SIGKILL, and waits until the port refuses connections. */
    public synchronized void kill() {
        if (process != null) {
            process.destroyForcibly();
            try {
                process.waitFor();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            process = null;
            awaitListening(port, false);
        }
    }

    @Override
    public synchronized void close() {
        kill();
        try (Stream<Path> files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        } catch (IOException e) {
            // a temp directory left behind is harmless
        }
    }

    /** Runs {@code redis-cli} with {@code arguments}; its output, or an exception when it fails. */
    public static String cli(String... arguments) {
        List<String> command = new ArrayList<>(List.of(executable().replace("redis-server", "redis-cli")));
        command.addAll(List.of(arguments));
        try {
            Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
            String output = new String(process.getInputStream().readAllBytes());
            if (process.waitFor() != 0) {
                throw new IllegalStateException("redis-cli " + arguments[0] + " failed: " + output);
            }
            return output;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** Waits up to 10 s for {@code port} to accept connections ({@code expected}) or refuse them; whether it did. */
    static boolean awaitListening(int port, boolean expected) {
        long deadline = System.nanoTime() + 10_000_000_000L;
        while (System.nanoTime() < deadline) {
            boolean listening;
            try (Socket ignored = new Socket("127.0.0.1", port)) {
                listening = true;
            } catch (IOException e) {
                listening = false;
            }
            if (listening == expected) {
                return true;
            }
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
        }
        return false;
    }

    /** Polls {@code condition} every 100 ms for up to 30 s; else fails with "{@code failure} within 30 s". */
    static void await(BooleanSupplier condition, String failure) {
        long deadline = System.nanoTime() + 30_000_000_000L;
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException(failure + " within 30 s");
            }
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
    }

    static String executable() {
        for (String candidate : List.of("/usr/bin/redis-server", "/usr/local/bin/redis-server")) {
            if (Files.isExecutable(Path.of(candidate))) {
                return candidate;
            }
        }
        return "redis-server";
    }
}

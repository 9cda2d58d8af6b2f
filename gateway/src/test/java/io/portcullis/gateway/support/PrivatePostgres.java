package io.portcullis.gateway.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A PostgreSQL server of the test's own (Debian's /usr/lib/postgresql/15), on a free port, that the test may stop and
 * start: the shared server on 5432 is never touched. PostgreSQL refuses to run as root, so under root it runs as the
 * {@code postgres} system user ({@code runuser}). A missing installation fails the test, saying so.
 */
public final class PrivatePostgres implements AutoCloseable {

    private static final Path BIN = Path.of("/usr/lib/postgresql/15/bin");

    private final Path dir;
    private final int port;

    private PrivatePostgres(Path dir, int port) {
        this.dir = dir;
        this.port = port;
    }

    public static PrivatePostgres start() {
        if (!Files.isExecutable(BIN.resolve("initdb"))) {
            throw new AssertionError("PostgreSQL 15 is not installed in " + BIN + "; the database outage test needs it");
        }
        try {
            Path dir = Files.createTempDirectory("portcullis-pg");
            if (root()) {
                run(List.of("chown", "postgres:postgres", dir.toString()));
            }
            PrivatePostgres server = new PrivatePostgres(dir, FreePort.find());
            server.asOwner(List.of(BIN.resolve("initdb").toString(), "-D", server.data(), "-A", "trust", "-U", "postgres",
                    "--no-sync", "-E", "UTF8"));
            server.resume();
            return server;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The server URL as {@link DjangoDatabase#create} takes it. */
    public String serverUrl() {
        return "postgres://postgres@127.0.0.1:" + port + "/";
    }

    /** Stops the server at once, as a crash or an outage would (connections are cut, nothing waits). */
    public void halt() {
        asOwner(List.of(BIN.resolve("pg_ctl").toString(), "-D", data(), "-m", "immediate", "-w", "stop"));
    }

    /** Starts (again) on the same port, with the same data. */
    public void resume() {
        asOwner(List.of(BIN.resolve("pg_ctl").toString(), "-D", data(), "-l", dir.resolve("server.log").toString(), "-w",
                "-o", "-p " + port + " -k " + dir + " -c listen_addresses=127.0.0.1 -c fsync=off", "start"));
    }

    @Override
    public void close() {
        try {
            asOwner(List.of(BIN.resolve("pg_ctl").toString(), "-D", data(), "-m", "immediate", "-w", "stop"));
        } catch (AssertionError alreadyStopped) {
            // stopped by the test
        }
        try (Stream<Path> files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private String data() {
        return dir.resolve("data").toString();
    }

    private void asOwner(List<String> command) {
        List<String> full = new ArrayList<>();
        if (root()) {
            full.addAll(List.of("runuser", "-u", "postgres", "--"));
        }
        full.addAll(command);
        run(full);
    }

    private static boolean root() {
        return "root".equals(System.getProperty("user.name"));
    }

    private static void run(List<String> command) {
        try {
            Path out = Files.createTempFile("portcullis-pg", ".log");
            Process process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(out.toFile()).start();
            if (!process.waitFor(60, TimeUnit.SECONDS) || process.exitValue() != 0) {
                process.destroyForcibly();
                throw new AssertionError(String.join(" ", command) + " failed: " + Files.readString(out));
            }
            Files.deleteIfExists(out);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}

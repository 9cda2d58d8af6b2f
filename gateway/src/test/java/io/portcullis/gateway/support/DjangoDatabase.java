package io.portcullis.gateway.support;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

/**
 * A database of its own (random name) on a real PostgreSQL or MariaDB server, whose tables and rows the real Django
 * makes (test resources {@code django/}: manage.py migrate, create_user, set_password, Token.objects.create), run with
 * Debian's /usr/bin/python3 (bin/install-drf). A missing server or Django fails the test, saying so; {@link #close}
 * drops only this database.
 */
public final class DjangoDatabase implements AutoCloseable {

    public static final String POSTGRES_SERVER = "postgres://postgres@127.0.0.1:5432/";
    public static final String MARIADB_SERVER = "mysql://root@127.0.0.1:3306/";
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final Path SCRIPTS = scripts();

    private final String url;

    private DjangoDatabase(String url) {
        this.url = url;
    }

    /** A new, migrated database on the server at {@code serverUrl} (one of the constants, or a private server). */
    public static DjangoDatabase create(String serverUrl) {
        requireServer(serverUrl);
        installDjango();
        String name = "portcullis_test_" + HexFormat.of().toHexDigits(ThreadLocalRandom.current().nextLong());
        DjangoDatabase database = new DjangoDatabase(serverUrl + name);
        database.run("create", null);
        return database;
    }

    /** {@code postgres://...} or {@code mysql://...}, as {@code users.database_url_env} holds it. */
    public String url() {
        return url;
    }

    /** Runs Django operations (see djangodb.py); the answer holds {@code ids} and {@code tokens} by username. */
    @SafeVarargs
    public final JsonNode apply(Map<String, Object>... operations) {
        return JSON.readTree(run("apply", JSON.writeValueAsString(List.of(operations))));
    }

    @Override
    public void close() {
        run("drop", null);
    }

    private static void requireServer(String serverUrl) {
        java.net.URI uri = java.net.URI.create(serverUrl);
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(uri.getHost(), uri.getPort()), 2000);
        } catch (IOException e) {
            throw new AssertionError((serverUrl.startsWith("postgres") ? "PostgreSQL" : "MariaDB") + " is not running on "
                    + uri.getHost() + ":" + uri.getPort() + "; the SQL user store tests need it (" + e.getMessage() + ")");
        }
    }

    private static void installDjango() {
        Path install = repository().resolve("bin/install-drf");
        String output = exec(List.of(install.toString()), Map.of(), null);
        if (output == null) {
            throw new AssertionError("bin/install-drf failed: the real Django is needed to make the test databases");
        }
    }

    private String run(String command, String input) {
        String output = exec(List.of("/usr/bin/python3", SCRIPTS.resolve("djangodb.py").toString(), command),
                Map.of("PORTCULLIS_TEST_DATABASE_URL", url), input);
        if (output == null) {
            throw new AssertionError("djangodb.py " + command + " failed for " + url);
        }
        return output;
    }

    /** The command's standard output, or null when it failed (its output then goes to the test's log). */
    private static String exec(List<String> command, Map<String, String> environment, String input) {
        try {
            Path out = Files.createTempFile("djangodb", ".out");
            ProcessBuilder builder = new ProcessBuilder(command).redirectOutput(out.toFile())
                    .redirectError(ProcessBuilder.Redirect.INHERIT);
            builder.environment().putAll(environment);
            builder.environment().put("PYTHONDONTWRITEBYTECODE", "1");
            Process process = builder.start();
            try (var stdin = process.getOutputStream()) {
                if (input != null) {
                    stdin.write(input.getBytes(StandardCharsets.UTF_8));
                }
            }
            if (!process.waitFor(10, TimeUnit.MINUTES)) {
                process.destroyForcibly();
                return null;
            }
            String output = Files.readString(out, StandardCharsets.UTF_8);
            Files.deleteIfExists(out);
            return process.exitValue() == 0 ? output : null;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static Path scripts() {
        try {
            return Path.of(DjangoDatabase.class.getResource("/django/djangodb.py").toURI()).getParent();
        } catch (java.net.URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    public static Path repository() {
        Path dir = Path.of("").toAbsolutePath();
        while (dir != null && !Files.exists(dir.resolve("bin/install-drf"))) {
            dir = dir.getParent();
        }
        if (dir == null) {
            throw new IllegalStateException("bin/install-drf not found above " + Path.of("").toAbsolutePath());
        }
        return dir;
    }
}

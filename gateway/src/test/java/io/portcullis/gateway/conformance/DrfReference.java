package io.portcullis.gateway.conformance;

import io.portcullis.gateway.support.DjangoInstall;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The real Django REST Framework + SimpleJWT (conformance/drf, Debian's packages under /usr/bin/python3), installed by
 * bin/install-drf when missing, running as a child process on a port it picks itself.
 */
final class DrfReference implements AutoCloseable {

    private static final Pattern LISTENING = Pattern.compile("listening on (\\d+)");

    private final Process process;
    private final Path out;
    private final Path log;
    private int port = -1;

    private DrfReference(Process process, Path out, Path log) {
        this.process = process;
        this.out = out;
        this.log = log;
    }

    /**
     * Installs the packages if needed (skipping the test, with the reason, only where apt cannot run) and starts the
     * reference; {@link #baseUrl()} waits until it serves.
     */
    static DrfReference start(Path repository, String jwtSecret, Path logDirectory) throws IOException, InterruptedException {
        DjangoInstall.ensure(repository, logDirectory);
        Path out = logDirectory.resolve("drf-reference.out");
        Path log = logDirectory.resolve("drf-reference.log");
        ProcessBuilder builder = new ProcessBuilder("/usr/bin/python3",
                repository.resolve("conformance/drf/serve.py").toString(), "--port", "0")
                .redirectOutput(out.toFile()).redirectError(log.toFile());
        builder.environment().put("PORTCULLIS_JWT_SECRET", jwtSecret);
        builder.environment().put("PYTHONDONTWRITEBYTECODE", "1");
        return new DrfReference(builder.start(), out, log);
    }

    /** The reference's address, once it serves (it migrates its database and loads users.yaml first). */
    String baseUrl() throws IOException, InterruptedException {
        Instant deadline = Instant.now().plus(Duration.ofSeconds(90));
        while (port < 0 && Instant.now().isBefore(deadline)) {
            Matcher listening = LISTENING.matcher(Files.readString(out, StandardCharsets.UTF_8));
            if (listening.find()) {
                port = Integer.parseInt(listening.group(1));
                break;
            }
            if (!process.isAlive()) {
                throw new IllegalStateException("the DRF reference exited (" + process.exitValue() + "): "
                        + Files.readString(log, StandardCharsets.UTF_8));
            }
            Thread.sleep(100);
        }
        if (port < 0) {
            close();
            throw new IllegalStateException("the DRF reference did not start in 90 s; see " + log);
        }
        return "http://127.0.0.1:" + port;
    }

    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
        }
    }
}

package io.portcullis.gateway.support;

import org.junit.jupiter.api.Assumptions;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/**
 * The real Django the tests compare with (Debian's python3-django and friends under /usr/bin/python3), installed by
 * bin/install-drf when missing. A test that needs it is skipped, with the reason, only where apt cannot run.
 */
public final class DjangoInstall {

    /** bin/install-drf's exit status when this machine cannot install Debian packages (no apt, no root or sudo). */
    public static final int APT_IMPOSSIBLE = 3;

    private DjangoInstall() {
    }

    /** Installs the packages if needed, logging to {@code logDirectory}/install-drf.log. */
    public static void ensure(Path repository, Path logDirectory) throws IOException, InterruptedException {
        Files.createDirectories(logDirectory);
        Path installLog = logDirectory.resolve("install-drf.log");
        Process install = new ProcessBuilder(repository.resolve("bin/install-drf").toString())
                .redirectErrorStream(true).redirectOutput(installLog.toFile()).start();
        if (!install.waitFor(10, TimeUnit.MINUTES)) {
            install.destroyForcibly();
            throw new IllegalStateException("bin/install-drf did not finish in 10 minutes; see " + installLog);
        }
        String output = Files.readString(installLog, StandardCharsets.UTF_8).strip();
        Assumptions.assumeFalse(install.exitValue() == APT_IMPOSSIBLE, "the real Django is not installed: " + output);
        if (install.exitValue() != 0) {
            throw new IllegalStateException("bin/install-drf failed (" + install.exitValue() + "): " + output);
        }
    }

    /** The checkout this test runs in: the nearest directory above the working directory with bin/install-drf. */
    public static Path repository() {
        Path dir = Path.of("").toAbsolutePath();
        while (dir != null && !Files.isRegularFile(dir.resolve("bin/install-drf"))) {
            dir = dir.getParent();
        }
        if (dir == null) {
            throw new IllegalStateException("bin/install-drf not found above " + Path.of("").toAbsolutePath());
        }
        return dir;
    }
}

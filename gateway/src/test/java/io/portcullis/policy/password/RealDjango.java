package io.portcullis.policy.password;

import io.portcullis.gateway.support.DjangoInstall;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;

/**
 * A real Django's {@code make_password} and {@code check_password}, run by /usr/bin/python3 through the test script
 * django/hashers.py: the system's (Debian's python3-django, bin/install-drf) or the newer one of Debian's backports
 * (bin/fetch-django-backport), the only one here with Django's scrypt hasher.
 */
final class RealDjango {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final Path LOGS = Path.of("target/real-django");

    /** One hash to make: a hasher's algorithm name, "default", "cheap" or "argon2i" (see hashers.py), a password. */
    record Make(String hasher, String cost, String password) {
    }

    /** Django's answer to {@code check_password(password, encoded)}: true, false or the exception it let through. */
    record Verdict(Object answer) {
        boolean accepted() {
            return Boolean.TRUE.equals(answer);
        }
    }

    private final String version;
    private final Set<String> hashers;
    private final String pythonPath;

    private RealDjango(String pythonPath) {
        this.pythonPath = pythonPath;
        JsonNode answer = run(Map.of());
        this.version = answer.get("django").asString();
        this.hashers = new TreeSet<>();
        answer.get("hashers").forEach(h -> hashers.add(h.asString()));
    }

    /** Debian's python3-django, installed when missing (the test is skipped only where apt cannot run). */
    static RealDjango system() throws IOException, InterruptedException {
        DjangoInstall.ensure(DjangoInstall.repository(), LOGS);
        return new RealDjango(null);
    }

    /** The backports' newer Django beside the system's, or empty where Debian's backports cannot be fetched. */
    static Optional<RealDjango> backport() throws IOException, InterruptedException {
        Path log = LOGS.resolve("fetch-django-backport.log");
        Files.createDirectories(LOGS);
        Process fetch = new ProcessBuilder(DjangoInstall.repository().resolve("bin/fetch-django-backport").toString(),
                LOGS.resolve("backport").toAbsolutePath().toString())
                .redirectError(log.toFile()).start();
        String sitePackages = new String(fetch.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
        if (!fetch.waitFor(5, TimeUnit.MINUTES) || fetch.exitValue() == DjangoInstall.APT_IMPOSSIBLE) {
            return Optional.empty();
        }
        if (fetch.exitValue() != 0) {
            throw new IllegalStateException("bin/fetch-django-backport failed; see " + log);
        }
        return Optional.of(new RealDjango(sitePackages));
    }

    String version() {
        return version;
    }

    boolean has(String hasher) {
        return hashers.contains(hasher);
    }

    /** The hashes Django makes, in order. */
    List<String> make(List<Make> requests) {
        List<String> made = new ArrayList<>();
        run(Map.of("make", requests)).get("made").forEach(node -> made.add(node.isNull() ? null : node.asString()));
        return made;
    }

    /** Django's {@code check_password(password, encoded)} for each pair, in order. */
    List<Verdict> check(List<Map.Entry<String, String>> pairs) {
        List<Map<String, String>> requests = pairs.stream().map(pair -> {
            Map<String, String> request = new LinkedHashMap<>();
            request.put("password", pair.getKey());
            request.put("encoded", pair.getValue());
            return request;
        }).toList();
        List<Verdict> verdicts = new ArrayList<>();
        run(Map.of("check", requests)).get("checked").forEach(node ->
                verdicts.add(new Verdict(node.isBoolean() ? (Object) node.asBoolean() : node.asString())));
        return verdicts;
    }

    private JsonNode run(Map<String, ?> request) {
        try {
            ProcessBuilder builder = new ProcessBuilder("/usr/bin/python3", script().toString())
                    .redirectError(ProcessBuilder.Redirect.INHERIT);
            builder.environment().put("PYTHONDONTWRITEBYTECODE", "1");
            if (pythonPath != null) {
                builder.environment().put("PYTHONPATH", pythonPath);
            }
            Process python = builder.start();
            try (var stdin = python.getOutputStream()) {
                stdin.write(JSON.writeValueAsBytes(request));
            }
            byte[] answer = python.getInputStream().readAllBytes();
            if (!python.waitFor(5, TimeUnit.MINUTES) || python.exitValue() != 0) {
                throw new IllegalStateException("django/hashers.py failed (" + python.exitValue() + ")");
            }
            return JSON.readTree(answer);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static Path script() {
        try {
            return Path.of(RealDjango.class.getResource("/django/hashers.py").toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public String toString() {
        return "Django " + version;
    }
}

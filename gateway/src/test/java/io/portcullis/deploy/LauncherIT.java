package io.portcullis.deploy;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * bin/portcullis against the packaged jar (a failsafe test: it runs after {@code package}). The CDS archive is made
 * by a training start of the gateway on the example policy, used by an ops command, and replaced when the jar
 * changes; without a usable policy the launcher still runs the jar and says why there is no archive.
 */
class LauncherIT {

    private static final Path ROOT = Path.of("..").toAbsolutePath().normalize();
    private static final Path LAUNCHER = ROOT.resolve("bin/portcullis");
    private static final Path BUILT_JAR = ROOT.resolve("gateway/target/portcullis.jar");

    @TempDir
    Path tmp;

    private record Result(int exit, String out, String err) {
    }

    private Result run(Path jar, Map<String, String> env, String... args) throws IOException, InterruptedException {
        ProcessBuilder builder = new ProcessBuilder(Stream.concat(Stream.of(LAUNCHER.toString()), Stream.of(args)).toList())
                .directory(tmp.toFile())
                .redirectOutput(tmp.resolve("out.txt").toFile())
                .redirectError(tmp.resolve("err.txt").toFile());
        Map<String, String> environment = builder.environment();
        // In-memory stores and an ephemeral key: the training start needs nothing outside this test.
        environment.keySet().removeAll(List.of("REDIS_URL", "PORTCULLIS_JWT_SECRET", "PORTCULLIS_JWT_KEYS_DIR",
                "JAVA_OPTS", "PORTCULLIS_CDS"));
        environment.put("PORTCULLIS_JAR", jar.toString());
        environment.put("PORTCULLIS_CDS_DIR", tmp.resolve("cds").toString());
        environment.put("PORTCULLIS_POLICY_DIR", ROOT.resolve("policy").toString());
        environment.put("JAVA_OPTS", "-Xmx256m");
        environment.putAll(env);
        Process process = builder.start();
        // A guard against a hung process only; nothing here depends on how long a start takes.
        assertThat(process.waitFor(10, TimeUnit.MINUTES)).as("the launcher finished").isTrue();
        return new Result(process.exitValue(), Files.readString(tmp.resolve("out.txt"), StandardCharsets.UTF_8),
                Files.readString(tmp.resolve("err.txt"), StandardCharsets.UTF_8));
    }

    private List<Path> archives() throws IOException {
        try (Stream<Path> dirs = Files.list(tmp.resolve("cds"))) {
            return dirs.map(dir -> dir.resolve("app.jsa")).filter(Files::isRegularFile).toList();
        }
    }

    @Test
    void createsTheArchiveUsesItAndReplacesItWhenTheJarChanges() throws Exception {
        Path jar = Files.copy(BUILT_JAR, tmp.resolve("portcullis.jar"));

        Result created = run(jar, Map.of(), "cds");
        assertThat(created.exit()).as(created.err()).isZero();
        List<Path> first = archives();
        assertThat(first).hasSize(1);

        // -Xshare:on: the JVM refuses to start unless it can map the archive, so exit 0 proves the archive is used.
        Result check = run(jar, Map.of("JAVA_OPTS", "-Xmx256m -Xshare:on"), "check", ROOT.resolve("policy").toString());
        assertThat(check.exit()).as(check.out() + check.err()).isZero();

        // A rebuilt jar: the stale archive is replaced, not reused.
        Files.setLastModifiedTime(jar, FileTime.from(Instant.now().plusSeconds(60)));
        Result recreated = run(jar, Map.of(), "cds");
        assertThat(recreated.exit()).as(recreated.err()).isZero();
        List<Path> second = archives();
        assertThat(second).hasSize(1).doesNotContainAnyElementsOf(first);
        assertThat(first.get(0).getParent()).doesNotExist();
    }

    /** Java 25+ gets the JVM's AOT cache instead of a CDS archive, one per set of JVM options (heap settings must match). */
    @Test
    void onJava25ItMakesAnAotCachePerJvmOptionsAndFindsItAgain() throws Exception {
        Path jdk25 = Path.of("/usr/lib/jvm/temurin-25-jdk-amd64");
        Assumptions.assumeTrue(Files.isExecutable(jdk25.resolve("bin/java")), "Temurin 25 is not installed here");
        Path jar = Files.copy(BUILT_JAR, tmp.resolve("portcullis.jar"));

        Result created = run(jar, Map.of("JAVA_HOME", jdk25.toString()), "cds");
        assertThat(created.exit()).as(created.err()).isZero();
        assertThat(created.err()).contains("creating the AOT cache").containsPattern("cache ready: .*/app-\\d+\\.aot");
        assertThat(archives()).isEmpty();

        Result again = run(jar, Map.of("JAVA_HOME", jdk25.toString()), "cds");
        assertThat(again.err()).doesNotContain("creating").contains("cache ready: ");

        Result otherHeap = run(jar, Map.of("JAVA_HOME", jdk25.toString(), "JAVA_OPTS", "-Xmx192m"), "cds");
        assertThat(otherHeap.exit()).as(otherHeap.err()).isZero();
        assertThat(otherHeap.err()).contains("creating the AOT cache");
    }

    @Test
    void withoutAUsablePolicyTheGatewayStillGetsTheRealErrorAndNoArchive() throws Exception {
        Result result = run(BUILT_JAR, Map.of("PORTCULLIS_POLICY_DIR", tmp.resolve("missing").toString()));

        assertThat(result.exit()).isEqualTo(2);
        assertThat(result.err())
                .contains("could not create the CDS archive")
                .contains("starting without an AOT cache or CDS archive")
                .contains("missing");
        assertThat(archives()).isEmpty();
    }

    @Test
    void opsCommandsNeverTrainAndJavaOptsComeLast() throws Exception {
        Result result = run(BUILT_JAR, Map.of("JAVA_OPTS", "-Xmx256m -XX:+UseParallelGC"), "check",
                ROOT.resolve("policy").toString());

        assertThat(result.exit()).as(result.out() + result.err()).isZero();
        assertThat(result.err()).doesNotContain("CDS");
        assertThat(tmp.resolve("cds")).doesNotExist();
    }

    @Test
    void versionIsTheJarsAndAMistypedCommandIsAnsweredNotStarted() throws Exception {
        Result version = run(BUILT_JAR, Map.of(), "--version");
        Result mistyped = run(BUILT_JAR, Map.of(), "chek");

        assertThat(version.exit()).as(version.err()).isZero();
        assertThat(version.out().strip()).matches("portcullis \\d+\\.\\d+\\.\\d+.*");
        assertThat(mistyped.exit()).isEqualTo(2);
        assertThat(mistyped.err()).contains("Did you mean").contains("check");
        assertThat(tmp.resolve("cds")).doesNotExist();
    }
}

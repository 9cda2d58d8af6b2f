package io.portcullis.gateway.reload;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.portcullis.policy.token.SigningKeys;
import io.portcullis.policy.token.TestKeys;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Named;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.KeyPair;
import java.time.Clock;
import java.time.Duration;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/** The reload decision for PORTCULLIS_JWT_KEYS_DIR: a settled, valid key set is swapped in whole; anything else is refused. */
class SigningKeysWatcherTest {

    private static final KeyPair A = TestKeys.rsa(2048);
    private static final KeyPair B = TestKeys.rsa(2048);
    private static final KeyPair WEAK = TestKeys.rsa(1024);
    private static final KeyPair EC = TestKeys.ec("secp256r1");

    @TempDir
    Path root;
    private Path dir;
    private final SimpleMeterRegistry metrics = new SimpleMeterRegistry();
    private SigningKeysHolder keys;
    private SigningKeysWatcher watcher;

    @BeforeEach
    void keysDirWithKeyA() throws IOException {
        dir = Files.createDirectory(root.resolve("keys"));
        TestKeys.write(dir, "a", TestKeys.pkcs8(A));
        watch(dir);
    }

    private void watch(Path directory) {
        keys = new SigningKeysHolder(SigningKeys.fromDirectory(directory, "RS256"));
        watcher = new SigningKeysWatcher(directory, keys, metrics, Duration.ofHours(1), Clock.systemUTC());
    }

    /** Two looks at the same content: what the debounce needs before an edit is applied. */
    private void settle() {
        watcher.poll();
        watcher.poll();
    }

    /** The first line of a key's PEM body: what an error must never echo. */
    private static String keyMaterial(KeyPair pair) {
        return TestKeys.pkcs8(pair).lines().skip(1).findFirst().orElseThrow();
    }

    private double count(String result) {
        return metrics.counter("portcullis.keys.reload", "result", result).count();
    }

    @Test
    void pollWhenAKeyWithAGreaterKidIsAddedThenItSignsAndTheOlderKeyStillVerifies() {
        TestKeys.write(dir, "b", TestKeys.pkcs8(B));

        settle();

        assertThat(keys.current().signingKid()).isEqualTo("b");
        assertThat(keys.current().kids()).containsExactly("a", "b");
        assertThat(watcher.status().stale()).isFalse();
        assertThat(count("applied")).isEqualTo(1);
    }

    @Test
    void pollWhenAKeyIsRemovedThenItNoLongerVerifies() throws IOException {
        TestKeys.write(dir, "b", TestKeys.pkcs8(B));
        settle();

        Files.delete(dir.resolve("a.pem"));
        settle();

        assertThat(keys.current().kids()).containsExactly("b");
    }

    @Test
    void pollWhenAnEditIsSeenOnlyOnceThenTheKeysStayUntilASecondEqualLook() {
        SigningKeys before = keys.current();
        TestKeys.write(dir, "b", TestKeys.pkcs8(B));

        watcher.poll();

        assertThat(keys.current()).isSameAs(before);
    }

    @Test
    void pollWhenNothingChangedThenTheSameKeySetKeepsServing() {
        SigningKeys before = keys.current();

        settle();

        assertThat(keys.current()).isSameAs(before);
        assertThat(count("applied")).isZero();
    }

    static Stream<Named<Edit>> brokenEdits() {
        return Stream.of(
                Named.of("a half-written PEM", dir -> TestKeys.write(dir, "b", TestKeys.pkcs8(B).substring(0, 400))),
                Named.of("an RSA key under 2048 bits", dir -> TestKeys.write(dir, "b", TestKeys.pkcs8(WEAK))),
                Named.of("a key of another algorithm", dir -> TestKeys.write(dir, "b", TestKeys.pkcs8(EC))),
                Named.of("an emptied directory", dir -> Files.delete(dir.resolve("a.pem"))),
                Named.of("a removed directory", dir -> {
                    Files.delete(dir.resolve("a.pem"));
                    Files.delete(dir);
                }));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("brokenEdits")
    void pollWhenAnEditYieldsNoValidKeySetThenTheLastGoodKeysStayAndTheRefusalIsReported(Edit edit) throws IOException {
        SigningKeys before = keys.current();
        edit.apply(dir);

        settle();

        assertThat(keys.current()).isSameAs(before);
        assertThat(watcher.status().stale()).isTrue();
        assertThat(watcher.status().errors()).singleElement().asString()
                .contains(dir.toString()).doesNotContain(keyMaterial(B)).doesNotContain(keyMaterial(WEAK))
                .doesNotContain(keyMaterial(EC));
        assertThat(count("refused")).isEqualTo(1);
    }

    @Test
    void pollAfterARefusalWhenAGoodEditArrivesThenItIsAppliedAndTheErrorCleared() {
        TestKeys.write(dir, "b", TestKeys.pkcs8(WEAK));
        settle();

        TestKeys.write(dir, "b", TestKeys.pkcs8(B));
        settle();

        assertThat(keys.current().signingKid()).isEqualTo("b");
        assertThat(watcher.status().stale()).isFalse();
    }

    /** Kubernetes' Secret volume: key files link through ..data, which is swapped to a new directory in one rename. */
    @Test
    void pollWhenKubernetesSwapsTheDataLinkThenTheNewKeysApply() throws IOException {
        Path volume = Files.createDirectory(root.resolve("secret"));
        TestKeys.write(Files.createDirectory(volume.resolve("..2025_01")), "a", TestKeys.pkcs8(A));
        Files.createSymbolicLink(volume.resolve("..data"), Path.of("..2025_01"));
        Files.createSymbolicLink(volume.resolve("a.pem"), Path.of("..data/a.pem"));
        watch(volume);

        Path next = Files.createDirectory(volume.resolve("..2025_06"));
        TestKeys.write(next, "b", TestKeys.pkcs8(B));
        repoint(volume.resolve("..data"), Path.of("..2025_06"));
        Files.createSymbolicLink(volume.resolve("b.pem"), Path.of("..data/b.pem"));
        settle(); // a.pem now links to nothing: kubelet has not removed it yet
        Files.delete(volume.resolve("a.pem"));
        settle();

        assertThat(keys.current().kids()).containsExactly("b");
        assertThat(count("refused")).isZero();
    }

    /** PORTCULLIS_JWT_KEYS_DIR itself a link, re-pointed to another directory (ln -sfn): no file event ever names it. */
    @Test
    void pollWhenTheLinkedKeysDirectoryIsRepointedThenTheNewDirectoryIsRead() throws IOException {
        Path link = Files.createSymbolicLink(root.resolve("current"), dir);
        watch(link);
        Path next = Files.createDirectory(root.resolve("next"));
        TestKeys.write(next, "a", TestKeys.pkcs8(A));
        TestKeys.write(next, "b", TestKeys.pkcs8(B));

        repoint(link, next);
        settle();

        assertThat(keys.current().kids()).containsExactly("a", "b");
    }

    /** Replaces a symlink in one rename, as kubelet and {@code ln -sfn} with a temporary link do. */
    private static void repoint(Path link, Path target) throws IOException {
        Path temporary = link.resolveSibling(link.getFileName() + ".tmp");
        Files.createSymbolicLink(temporary, target);
        Files.move(temporary, link, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    }

    @FunctionalInterface
    interface Edit {
        void apply(Path dir) throws IOException;
    }
}

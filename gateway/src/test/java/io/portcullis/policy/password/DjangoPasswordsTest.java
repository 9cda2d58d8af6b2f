package io.portcullis.policy.password;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

/**
 * What needs no Django: which strings are Django's, and that malformed or too costly ones are refused without an
 * exception. The hashes here are deliberately broken (their digests are junk); real ones are in
 * {@link DjangoPasswordsIntegrationTest}.
 */
class DjangoPasswordsTest {

    private static final String JUNK_DIGEST = "c2FsdHNhbHRzYWx0c2FsdA";

    @ParameterizedTest
    @ValueSource(strings = {"pbkdf2_sha256$1$s$h", "pbkdf2_sha1$", "argon2$argon2id$", "bcrypt_sha256$$2b$",
            "bcrypt$$2b$", "scrypt$", "!", "!unusable"})
    void isDjangoEncodedWhenASupportedHasherOrUnusableThenTrue(String encoded) {
        assertThat(DjangoPasswords.isDjangoEncoded(encoded)).isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "pbkdf2_sha256", "{bcrypt}$2a$10$x", "$2b$12$x", "md5$salt$hash", "sha1$$x",
            "unsalted_md5", "crypt$$x", "PBKDF2_SHA256$1$s$h", " pbkdf2_sha256$1$s$h"})
    void isDjangoEncodedWhenAnotherFormatThenFalse(String encoded) {
        assertThat(DjangoPasswords.isDjangoEncoded(encoded)).isFalse();
    }

    @Test
    void matchesWhenAnArgumentIsNullThenFalse() {
        assertThat(DjangoPasswords.matches(null, "pbkdf2_sha256$1000$salt$" + JUNK_DIGEST)).isFalse();
        assertThat(DjangoPasswords.matches("secret", null)).isFalse();
        assertThatCode(() -> DjangoPasswords.dummyVerify(null, null)).doesNotThrowAnyException();
    }

    @Test
    void matchesWhenThePasswordHasALoneSurrogateThenFalse() {
        // Django's str.encode() raises on it; no hash can match
        assertThat(DjangoPasswords.matches("pass\uD800word", "pbkdf2_sha256$1000$salt$" + JUNK_DIGEST)).isFalse();
    }

    @ParameterizedTest(name = "{0} beyond the limit, {1} within")
    @CsvSource(delimiter = '|', value = {
            "pbkdf2_sha256$10000001$salt$h= | pbkdf2_sha256$10000000$salt$h=",
            "pbkdf2_sha1$10000001$salt$h= | pbkdf2_sha1$1000$salt$h=",
            "bcrypt_sha256$$2b$17$" + "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0" + " | bcrypt_sha256$$2b$16$"
                    + "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0",
            "argon2$argon2id$v=19$m=262145,t=1,p=1$" + JUNK_DIGEST + "$" + JUNK_DIGEST
                    + " | argon2$argon2id$v=19$m=262144,t=1,p=1$" + JUNK_DIGEST + "$" + JUNK_DIGEST,
            "argon2$argon2id$v=19$m=102400,t=11,p=8$" + JUNK_DIGEST + "$" + JUNK_DIGEST
                    + " | argon2$argon2id$v=19$m=102400,t=10,p=8$" + JUNK_DIGEST + "$" + JUNK_DIGEST,
            "argon2$argon2id$v=19$m=102400,t=2,p=65$" + JUNK_DIGEST + "$" + JUNK_DIGEST
                    + " | argon2$argon2id$v=19$m=102400,t=2,p=64$" + JUNK_DIGEST + "$" + JUNK_DIGEST,
            "scrypt$32768$salt$8$1$h= | scrypt$16384$salt$8$1$h=",
            "scrypt$16384$salt$8$17$h= | scrypt$16384$salt$8$16$h=",
    })
    void parseWhenACostIsBeyondItsLimitThenRefusedUnchecked(String beyond, String within) {
        assertThat(DjangoHash.parse(beyond)).isNull();
        assertThat(DjangoHash.parse(within)).isNotNull();
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "pbkdf2_sha256$0$salt$h=", "pbkdf2_sha256$-1$salt$h=", "pbkdf2_sha256$+1000$salt$h=",
            "pbkdf2_sha256$1000$$h=", "pbkdf2_sha256$1000", "pbkdf2_sha256$99999999999999999999$salt$h=",
            "bcrypt$$2b$03$abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0", "bcrypt$$2b$12$short",
            "bcrypt$2b$12$abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0",
            "argon2$argon2x$v=19$m=64,t=1,p=1$" + JUNK_DIGEST + "$" + JUNK_DIGEST,
            "argon2$argon2id$v=18$m=64,t=1,p=1$" + JUNK_DIGEST + "$" + JUNK_DIGEST,
            "argon2$argon2id$v=19$m=8,t=1,p=2$" + JUNK_DIGEST + "$" + JUNK_DIGEST,
            "argon2$argon2id$v=19$t=1,m=64,p=1$" + JUNK_DIGEST + "$" + JUNK_DIGEST,
            "argon2$argon2id$v=19$m=64,t=1,p=1$c2FsdA$" + JUNK_DIGEST,
            "argon2$argon2id$v=19$m=64,t=1,p=1$" + JUNK_DIGEST + "==$" + JUNK_DIGEST,
            "argon2$argon2id$v=19$m=64,t=1,p=1$" + JUNK_DIGEST + "$" + JUNK_DIGEST + "$",
            "scrypt$16385$salt$8$1$h=", "scrypt$1$salt$8$1$h=", "scrypt$16384$salt$8$1",
            "scrypt$16384$salt$8$1$h=$", "scrypt$65536$salt$1$1$h="})
    void parseWhenMalformedThenRefused(String encoded) {
        assertThat(DjangoHash.parse(encoded)).isNull();
        assertThat(DjangoPasswords.matches("secret", encoded)).isFalse();
    }

    // The properties check parse and verify, what matches() runs, without its dummy check of a million PBKDF2
    // iterations on every refused string (matchesWhen... above take that path).

    @Property
    void parseNeverThrowsForAnyString(@ForAll String encoded) {
        assertThatCode(() -> DjangoHash.parse(encoded)).doesNotThrowAnyException();
        assertThatCode(() -> DjangoPasswords.isDjangoEncoded(encoded)).doesNotThrowAnyException();
    }

    @Property(tries = 2000)
    void djangoShapedJunkIsRefusedOrNeverMatches(@ForAll("djangoShaped") String encoded, @ForAll String raw) {
        DjangoHash hash = DjangoHash.parse(encoded);
        byte[] password = Utf8.lenient(raw);
        assertThat(hash == null || !hash.verify(password)).isTrue();
    }

    /** A supported algorithm name, then fields from pieces of Django's formats, cheap costs and broken bits. */
    @Provide
    Arbitrary<String> djangoShaped() {
        Arbitrary<String> algorithm = Arbitraries.of("pbkdf2_sha256", "pbkdf2_sha1", "argon2", "bcrypt_sha256",
                "bcrypt", "scrypt");
        Arbitrary<String> field = Arbitraries.oneOf(
                Arbitraries.of("", "0", "1", "2", "8", "16", "01", "-1", "+8", "4294967296", "99999999999999999999",
                        "argon2i", "argon2d", "argon2id", "v=16", "v=19", "v=", "m=8,t=1,p=1", "m=64,t=1,p=2",
                        "m=,t=,p=", "2b", "2y", "2a", "04", "salt", "é", "\u0000", "\uD800", "=", "==",
                        JUNK_DIGEST, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0"),
                Arbitraries.strings().withChars("AZaz09+/=.$,").ofMaxLength(30));
        return Arbitraries.oneOf(algorithm, algorithm.map(a -> a + "$"))
                .flatMap(a -> field.list().ofMaxSize(7).map(fields -> a + "$" + String.join("$", fields)));
    }
}

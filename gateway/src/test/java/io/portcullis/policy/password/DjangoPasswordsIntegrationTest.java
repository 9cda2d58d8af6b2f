package io.portcullis.policy.password;

import io.portcullis.policy.password.RealDjango.Make;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@link DjangoPasswords} against hashes the real Django made ({@link RealDjango}: Debian's Django 3.2 and, where
 * Debian's backports can be fetched, Django 4.2, the one with scrypt), and against Django's own
 * {@code check_password} on the same inputs.
 */
class DjangoPasswordsIntegrationTest {

    private static final String LONG = "0123456789".repeat(10);
    /** ASCII, unicode (2-, 3- and 4-byte UTF-8), empty, and 100 bytes: longer than the 72 bcrypt reads. */
    private static final List<String> PASSWORDS = List.of("correct horse", "pässwörd ✓ 🔑", "", LONG);
    private static final List<String> HASHERS =
            List.of("pbkdf2_sha256", "pbkdf2_sha1", "argon2", "bcrypt_sha256", "bcrypt", "scrypt");

    /** A hash Django made, and of what. */
    record Hashed(RealDjango django, String hasher, String cost, String password, String encoded) {
        @Override
        public String toString() {
            return django + " " + hasher + " (" + cost + ") of " + describe(password);
        }
    }

    private static final List<Hashed> HASHED = new ArrayList<>();
    private static final List<RealDjango> DJANGOS = new ArrayList<>();
    /** Django's check_password on each hash with {@link #otherPasswords}, asked in one go per Django. */
    private static final Map<Hashed, List<RealDjango.Verdict>> DJANGO_ON_OTHERS = new HashMap<>();

    @BeforeAll
    static void djangoMakesTheHashes() throws Exception {
        DJANGOS.add(RealDjango.system());
        RealDjango.backport().ifPresent(DJANGOS::add);
        for (RealDjango django : DJANGOS) {
            List<Make> requests = new ArrayList<>();
            for (String hasher : HASHERS) {
                PASSWORDS.forEach(password -> requests.add(new Make(hasher, "cheap", password)));
                requests.add(new Make(hasher, "default", PASSWORDS.get(1)));
            }
            PASSWORDS.forEach(password -> requests.add(new Make("argon2", "argon2i", password)));
            requests.add(new Make("argon2", "argon2i-v16", PASSWORDS.get(1)));
            List<String> made = django.make(requests);
            for (int i = 0; i < requests.size(); i++) {
                Make r = requests.get(i);
                if (made.get(i) != null) {
                    HASHED.add(new Hashed(django, r.hasher(), r.cost(), r.password(), made.get(i)));
                }
            }
            askDjangoOnOtherPasswords(django);
        }
    }

    private static void askDjangoOnOtherPasswords(RealDjango django) {
        List<Hashed> ours = HASHED.stream().filter(h -> h.django() == django).toList();
        List<Map.Entry<String, String>> pairs = new ArrayList<>();
        ours.forEach(h -> otherPasswords(h).forEach(other -> pairs.add(Map.entry(other, h.encoded()))));
        List<RealDjango.Verdict> verdicts = django.check(pairs);
        int next = 0;
        for (Hashed h : ours) {
            int count = otherPasswords(h).size();
            DJANGO_ON_OTHERS.put(h, verdicts.subList(next, next + count));
            next += count;
        }
    }

    static Stream<Hashed> hashes() {
        return HASHED.stream();
    }

    @Test
    void everySupportedHasherIsCheckedAgainstARealDjango() {
        assertThat(HASHED.stream().map(Hashed::hasher).distinct())
                .as("scrypt needs Django 4.0 or later: bin/fetch-django-backport must work here")
                .containsExactlyInAnyOrderElementsOf(HASHERS);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("hashes")
    void matchesThePasswordDjangoHashed(Hashed hashed) {
        assertThat(DjangoPasswords.matches(hashed.password(), hashed.encoded())).isTrue();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("hashes")
    void refusesOtherPasswordsAsDjangoDoes(Hashed hashed) {
        List<String> others = otherPasswords(hashed);
        List<RealDjango.Verdict> verdicts = DJANGO_ON_OTHERS.get(hashed);
        for (int i = 0; i < others.size(); i++) {
            assertThat(verdicts.get(i).accepted()).as("Django on " + describe(others.get(i))).isFalse();
            assertThat(DjangoPasswords.matches(others.get(i), hashed.encoded())).as(describe(others.get(i))).isFalse();
        }
    }

    /** Every other test password, and two near misses (cut to one for Django's slow default costs). */
    private static List<String> otherPasswords(Hashed hashed) {
        List<String> others = new ArrayList<>(PASSWORDS);
        others.remove(hashed.password());
        others.addAll(List.of(hashed.password() + " ", hashed.password().toUpperCase() + "x"));
        if (hashed.hasher().equals("bcrypt")) {
            others.removeIf(other -> sharesFirst72Bytes(other, hashed.password())); // the bcrypt tests below
        }
        return hashed.cost().equals("default") ? others.subList(0, 1) : others;
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("hashes")
    void spendingADummyCheckLikeAHashNeverThrows(Hashed hashed) {
        DjangoPasswords.dummyVerify(hashed.password(), hashed.encoded());
        assertThat(DjangoPasswords.isDjangoEncoded(hashed.encoded())).isTrue();
    }

    @Test
    void bcryptMatchesALongerPasswordSharingTheFirst72BytesAsDjangoDoes() {
        Hashed hashed = made("bcrypt", LONG);
        String sharing = LONG.substring(0, 72) + "something else";
        assertThat(hashed.django().check(List.of(Map.entry(sharing, hashed.encoded()))).get(0).accepted()).isTrue();
        assertThat(DjangoPasswords.matches(sharing, hashed.encoded())).isTrue();
    }

    @Test
    void bcryptSha256RefusesALongerPasswordSharingTheFirst72BytesAsDjangoDoes() {
        Hashed hashed = made("bcrypt_sha256", LONG);
        String sharing = LONG.substring(0, 72) + "something else";
        assertThat(hashed.django().check(List.of(Map.entry(sharing, hashed.encoded()))).get(0).accepted()).isFalse();
        assertThat(DjangoPasswords.matches(sharing, hashed.encoded())).isFalse();
    }

    /** An input both Django and {@link DjangoPasswords} judge, and the verdict Django gives (true: it matches). */
    record Case(String name, RealDjango django, String password, String encoded, boolean matches) {
        @Override
        public String toString() {
            return name + " (" + django + ")";
        }
    }

    static Stream<Case> crossCases() {
        Hashed pbkdf2 = made("pbkdf2_sha256", PASSWORDS.get(0));
        Hashed argon2 = made("argon2", PASSWORDS.get(0));
        Hashed bcrypt = made("bcrypt", PASSWORDS.get(0));
        Hashed scrypt = made("scrypt", PASSWORDS.get(0));
        Hashed v16 = HASHED.stream().filter(h -> h.cost().equals("argon2i-v16")).findFirst().orElseThrow();
        Stream<Case> tampered = HASHERS.stream().map(h -> made(h, PASSWORDS.get(0))).map(h -> new Case(
                h.hasher() + " hash with its last digit changed", h.django(), h.password(), lastDigitChanged(h.encoded()),
                false));
        return Stream.concat(tampered, Stream.of(
                new Case("unusable password", pbkdf2.django(), "", unusable(pbkdf2.django()), false),
                new Case("pbkdf2 iterations with a leading zero", pbkdf2.django(), pbkdf2.password(),
                        pbkdf2.encoded().replace("$1000$", "$01000$"), false),
                new Case("pbkdf2 with another iteration count", pbkdf2.django(), pbkdf2.password(),
                        pbkdf2.encoded().replace("$1000$", "$1001$"), false),
                new Case("argon2 memory with a leading zero", argon2.django(), argon2.password(),
                        argon2.encoded().replace("m=64", "m=064"), false),
                new Case("argon2 without its algorithm name", argon2.django(), argon2.password(),
                        argon2.encoded().substring("argon2".length()), false),
                new Case("argon2i of Django 1.10, without a version (0x10)", v16.django(), v16.password(),
                        v16.encoded().replace("$v=16$", "$"), true),
                new Case("bcrypt as $2y$", bcrypt.django(), bcrypt.password(), bcrypt.encoded().replace("$2b$", "$2y$"), true),
                new Case("bcrypt as $2a$", bcrypt.django(), bcrypt.password(), bcrypt.encoded().replace("$2b$", "$2a$"), true),
                new Case("bcrypt as $2x$", bcrypt.django(), bcrypt.password(), bcrypt.encoded().replace("$2b$", "$2x$"), false),
                new Case("bcrypt of a password with a NUL", bcrypt.django(), bcrypt.password() + "\u0000",
                        bcrypt.encoded(), false),
                new Case("scrypt beyond the 32 MiB Django can check", scrypt.django(), scrypt.password(),
                        scrypt.encoded().replace("scrypt$256$", "scrypt$32768$"), false),
                new Case("the empty string", pbkdf2.django(), "", "", false),
                new Case("an algorithm name alone", pbkdf2.django(), "", "pbkdf2_sha256$", false)));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("crossCases")
    void agreesWithDjangosCheckPassword(Case c) {
        assertThat(c.django().check(List.of(Map.entry(c.password(), c.encoded()))).get(0).accepted())
                .as("Django").isEqualTo(c.matches());
        assertThat(DjangoPasswords.matches(c.password(), c.encoded())).isEqualTo(c.matches());
    }

    private static String lastDigitChanged(String encoded) {
        int last = encoded.length() - 1;
        while (encoded.charAt(last) == '=') {
            last--;
        }
        char changed = encoded.charAt(last) == 'A' ? 'B' : 'A';
        return encoded.substring(0, last) + changed + encoded.substring(last + 1);
    }

    private static String unusable(RealDjango django) {
        return django.make(List.of(new Make("pbkdf2_sha256", "default", null))).get(0);
    }

    private static Hashed made(String hasher, String password) {
        return HASHED.stream().filter(h -> h.hasher().equals(hasher) && h.cost().equals("cheap")
                && h.password().equals(password)).findFirst().orElseThrow();
    }

    private static boolean sharesFirst72Bytes(String a, String b) {
        byte[] x = a.getBytes(StandardCharsets.UTF_8);
        byte[] y = b.getBytes(StandardCharsets.UTF_8);
        return x.length >= 72 && y.length >= 72 && Arrays.equals(x, 0, 72, y, 0, 72);
    }

    private static String describe(String password) {
        return password == null ? "no password" : password.length() > 20 ? password.length() + " characters" : "'" + password + "'";
    }
}

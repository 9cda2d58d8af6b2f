package io.portcullis.policy.token;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.PrivateKey;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

/** STYLE.md: every parser maps any input to a value or its own error, never another exception. */
class PemPrivateKeysProperties {

    private static final KeyPair RSA = TestKeys.rsa(2048);
    private static final KeyPair EC = TestKeys.ec("secp256r1");
    private static final String[] TYPES = {"PRIVATE KEY", "RSA PRIVATE KEY", "EC PRIVATE KEY"};

    @Property
    void readWhenAnyTextThenKeyOrSigningKeyException(@ForAll String text) {
        assertKeyOrRefusal(text);
    }

    @Property
    void readWhenAnyBytesInAPemBlockThenKeyOrSigningKeyException(@ForAll("blocks") String pem) {
        assertKeyOrRefusal(pem);
    }

    @Provide
    Arbitrary<String> blocks() {
        return Arbitraries.of(TYPES).flatMap(type -> Arbitraries.bytes().array(byte[].class).ofMaxSize(300)
                .map(der -> TestKeys.pem(type, der)));
    }

    /** Through the whole load (decode, public half, self-test): a damaged key loads as a working key or is refused. */
    @Property(tries = 300)
    void loadWhenAValidKeyIsDamagedThenWorkingKeysOrSigningKeyException(@ForAll("damaged") String pem) throws IOException {
        Path dir = Files.createTempDirectory("portcullis-keys");
        try {
            Path file = TestKeys.write(dir, "k", pem);
            String algorithm = pem.length() > 1000 ? "RS256" : "ES256";
            Throwable thrown = catchThrowable(() -> SigningKeys.fromDirectory(dir, algorithm));
            if (thrown != null) {
                assertThat(thrown).isInstanceOf(SigningKeyException.class).hasMessageStartingWith(file + ": ");
            }
        } finally {
            try (var files = Files.list(dir)) {
                for (Path file : files.toList()) {
                    Files.delete(file);
                }
            }
            Files.delete(dir);
        }
    }

    @Provide
    Arbitrary<String> damaged() {
        List<String> pems = List.of(TestKeys.pkcs8(RSA), TestKeys.pkcs1(RSA), TestKeys.pkcs8(EC), TestKeys.sec1(EC));
        return Combinators.combine(Arbitraries.of(pems), Arbitraries.integers().between(0, 2000),
                Arbitraries.bytes(), Arbitraries.of(true, false)).as((pem, at, value, truncate) -> {
            String type = pem.substring("-----BEGIN ".length(), pem.indexOf("-----", 5));
            byte[] der = Base64.getMimeDecoder().decode(pem.substring(pem.indexOf('\n') + 1, pem.indexOf("-----END")));
            int index = at % der.length;
            if (truncate) {
                return TestKeys.pem(type, Arrays.copyOf(der, index));
            }
            der[index] = value;
            return TestKeys.pem(type, der);
        });
    }

    private static void assertKeyOrRefusal(String text) {
        Throwable thrown = catchThrowable(() -> {
            PrivateKey key = PemPrivateKeys.read(text);
            assertThat(key).isNotNull();
        });
        if (thrown != null) {
            assertThat(thrown).isInstanceOf(SigningKeyException.class);
        }
    }
}

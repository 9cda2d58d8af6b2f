package io.portcullis.policy.token;

import org.bouncycastle.asn1.sec.ECPrivateKey;
import org.bouncycastle.asn1.sec.SECObjectIdentifiers;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Loading RS256/ES256 keys from PORTCULLIS_JWT_KEYS_DIR: formats, rotation, and every refusal naming its file. */
class KeyDirectoryTest {

    private static final KeyPair RSA = TestKeys.rsa(2048);
    private static final KeyPair EC = TestKeys.ec("secp256r1");

    @TempDir
    Path dir;

    @Test
    void fromDirectoryWhenRsaPkcs8ThenRs256WithThatKey() {
        TestKeys.write(dir, "k1", TestKeys.pkcs8(RSA));

        SigningKeys keys = SigningKeys.fromDirectory(dir, "RS256");

        assertThat(keys.algorithm()).isEqualTo("RS256");
        assertThat(keys.signingKid()).isEqualTo("k1");
        assertThat(keys.signingKey()).isEqualTo(RSA.getPrivate());
        assertThat(keys.verificationKey("k1")).contains(RSA.getPublic());
    }

    @Test
    void fromDirectoryWhenRsaPkcs1ThenSameKeyAsPkcs8() {
        TestKeys.write(dir, "k1", TestKeys.pkcs1(RSA));

        SigningKeys keys = SigningKeys.fromDirectory(dir, "RS256");

        assertThat(keys.signingKey().getEncoded()).isEqualTo(RSA.getPrivate().getEncoded());
        assertThat(keys.verificationKey("k1")).contains(RSA.getPublic());
    }

    @Test
    void fromDirectoryWhenEcPkcs8ThenEs256WithDerivedPublicKey() {
        TestKeys.write(dir, "k1", TestKeys.pkcs8(EC));

        SigningKeys keys = SigningKeys.fromDirectory(dir, "ES256");

        assertThat(keys.algorithm()).isEqualTo("ES256");
        assertThat(keys.signingKey().getEncoded()).isEqualTo(EC.getPrivate().getEncoded());
        assertThat(keys.verificationKey("k1")).contains(EC.getPublic());
    }

    @Test
    void fromDirectoryWhenEcSec1ThenSameKeyAsPkcs8() {
        TestKeys.write(dir, "k1", TestKeys.sec1(EC));

        SigningKeys keys = SigningKeys.fromDirectory(dir, "ES256");

        assertThat(keys.signingKey().getEncoded()).isEqualTo(EC.getPrivate().getEncoded());
        assertThat(keys.verificationKey("k1")).contains(EC.getPublic());
    }

    @Test
    void fromDirectoryWhenSec1FollowsEcParametersBlockThenRead() {
        String parameters = TestKeys.pem("EC PARAMETERS", new byte[]{6, 8, 42, -122, 72, -50, 61, 3, 1, 7});
        TestKeys.write(dir, "k1", parameters + TestKeys.sec1(EC));

        assertThat(SigningKeys.fromDirectory(dir, "ES256").verificationKey("k1")).contains(EC.getPublic());
    }

    @Test
    void fromDirectoryWhenSeveralKeysThenGreatestKidSignsAndAllVerify() {
        KeyPair older = TestKeys.rsa(2048);
        TestKeys.write(dir, "2025-06-01", TestKeys.pkcs8(RSA));
        TestKeys.write(dir, "2024-01-15", TestKeys.pkcs8(older));

        SigningKeys keys = SigningKeys.fromDirectory(dir, "RS256");

        assertThat(keys.signingKid()).isEqualTo("2025-06-01");
        assertThat(keys.signingKey()).isEqualTo(RSA.getPrivate());
        assertThat(keys.verificationKey("2024-01-15")).contains(older.getPublic());
        assertThat(keys.kids()).containsExactly("2024-01-15", "2025-06-01");
    }

    @Test
    void verificationKeyWhenKidUnknownOrMissingOrPathThenNone() {
        TestKeys.write(dir, "k1", TestKeys.pkcs8(RSA));

        SigningKeys keys = SigningKeys.fromDirectory(dir, "RS256");

        assertThat(keys.verificationKey("k2")).isEmpty();
        assertThat(keys.verificationKey(null)).isEmpty();
        assertThat(keys.verificationKey("../k1")).isEmpty();
        assertThat(keys.verificationKey("k1.pem")).isEmpty();
    }

    @Test
    void fromDirectoryWhenFileAddedAfterStartThenNotAKey() {
        TestKeys.write(dir, "k1", TestKeys.pkcs8(RSA));
        SigningKeys keys = SigningKeys.fromDirectory(dir, "RS256");

        TestKeys.write(dir, "k2", TestKeys.pkcs8(TestKeys.rsa(2048)));

        assertThat(keys.verificationKey("k2")).isEmpty();
    }

    @Test
    void fromDirectoryWhenHiddenOrOtherFilesOrDirectoriesThenIgnored() throws IOException {
        TestKeys.write(dir, "k1", TestKeys.pkcs8(RSA));
        Files.writeString(dir.resolve("README.txt"), "not a key");
        Files.writeString(dir.resolve(".hidden.pem"), "not a key");
        Files.createDirectory(dir.resolve("..data"));
        Files.createDirectory(dir.resolve("old.pem"));

        assertThat(SigningKeys.fromDirectory(dir, "RS256").kids()).containsExactly("k1");
    }

    @Test
    void fromDirectoryWhenAKeyFileIsALinkToNothingThenItIsNotAKey() throws IOException {
        TestKeys.write(dir, "k1", TestKeys.pkcs8(RSA));
        Files.createSymbolicLink(dir.resolve("k0.pem"), dir.resolve("..data/k0.pem"));

        assertThat(SigningKeys.fromDirectory(dir, "RS256").kids()).containsExactly("k1");
    }

    @Test
    void fromDirectoryWhenRsa1024ThenRefusedNamingTheFile() {
        Path file = TestKeys.write(dir, "weak", TestKeys.pkcs8(TestKeys.rsa(1024)));

        assertThatThrownBy(() -> SigningKeys.fromDirectory(dir, "RS256"))
                .isInstanceOf(SigningKeyException.class)
                .hasMessage(file + ": is a 1024-bit RSA key; RS256 needs at least 2048 bits (RFC 7518 section 3.3)");
    }

    @Test
    void fromDirectoryWhenEcKeyOnP384ThenRefusedNamingTheCurve() {
        Path file = TestKeys.write(dir, "p384", TestKeys.pkcs8(TestKeys.ec("secp384r1")));

        assertThatThrownBy(() -> SigningKeys.fromDirectory(dir, "ES256"))
                .isInstanceOf(SigningKeyException.class)
                .hasMessage(file + ": is an EC key on curve secp384r1; ES256 needs P-256 (secp256r1, prime256v1)");
    }

    @Test
    void fromDirectoryWhenSec1KeyOnSecp256k1ThenRefusedNamingTheCurve() throws IOException {
        byte[] der = new ECPrivateKey(256, BigInteger.valueOf(123456789), SECObjectIdentifiers.secp256k1).getEncoded();
        Path file = TestKeys.write(dir, "k256k1", TestKeys.pem("EC PRIVATE KEY", der));

        assertThatThrownBy(() -> SigningKeys.fromDirectory(dir, "ES256"))
                .hasMessage(file + ": is an EC key on curve secp256k1; ES256 needs P-256 (secp256r1, prime256v1)");
    }

    @Test
    void fromDirectoryWhenEd25519KeyThenRefusedNamingTheKeyType() throws Exception {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("Ed25519");
        Path file = TestKeys.write(dir, "ed", TestKeys.pkcs8(generator.generateKeyPair()));

        assertThatThrownBy(() -> SigningKeys.fromDirectory(dir, "RS256"))
                .hasMessage(file + ": is an Ed25519 key; RS256 needs an RSA key and ES256 an EC P-256 key");
    }

    @Test
    void fromDirectoryWhenEcKeyForRs256ThenRefused() {
        Path file = TestKeys.write(dir, "ec", TestKeys.pkcs8(EC));

        assertThatThrownBy(() -> SigningKeys.fromDirectory(dir, "RS256"))
                .hasMessage(file + ": is an EC key, but tokens.algorithm is RS256, which needs RSA keys of at least 2048 bits");
    }

    @Test
    void fromDirectoryWhenRsaKeyForEs256ThenRefused() {
        Path file = TestKeys.write(dir, "rsa", TestKeys.pkcs1(RSA));

        assertThatThrownBy(() -> SigningKeys.fromDirectory(dir, "ES256"))
                .hasMessage(file + ": is an RSA key, but tokens.algorithm is ES256, which needs EC P-256 keys");
    }

    @Test
    void fromDirectoryWhenOneGoodAndOneBadKeyThenNothingLoads() {
        TestKeys.write(dir, "a-good", TestKeys.pkcs8(RSA));
        Path bad = TestKeys.write(dir, "b-weak", TestKeys.pkcs1(TestKeys.rsa(1024)));

        assertThatThrownBy(() -> SigningKeys.fromDirectory(dir, "RS256")).hasMessageStartingWith(bad + ": ");
    }

    @Test
    void fromDirectoryWhenEmptyThenRefusedNamingTheDirectory() {
        assertThatThrownBy(() -> SigningKeys.fromDirectory(dir, "RS256"))
                .isInstanceOf(SigningKeyException.class)
                .hasMessage("PORTCULLIS_JWT_KEYS_DIR " + dir + " holds no <kid>.pem key file for RS256");
    }

    @Test
    void fromDirectoryWhenMissingThenRefusedNamingTheDirectory() {
        Path missing = dir.resolve("absent");

        assertThatThrownBy(() -> SigningKeys.fromDirectory(missing, "ES256"))
                .hasMessage("PORTCULLIS_JWT_KEYS_DIR " + missing + " is not a directory");
    }

    @Test
    void fromDirectoryWhenFileUnreadableThenRefusedNamingTheFile() throws IOException {
        Path loop = Files.createSymbolicLink(dir.resolve("loop.pem"), dir.resolve("loop.pem"));

        assertThatThrownBy(() -> SigningKeys.fromDirectory(dir, "RS256"))
                .hasMessage(loop + ": cannot be read (FileSystemException)");
    }

    @Test
    void fromDirectoryWhenNotPemThenRefusedNamingTheFile() throws IOException {
        Path file = Files.writeString(dir.resolve("junk.pem"), "hello");

        assertThatThrownBy(() -> SigningKeys.fromDirectory(dir, "RS256"))
                .hasMessageStartingWith(file + ": holds no PEM private key");
    }

    @Test
    void fromDirectoryWhenPublicKeyOnlyThenRefused() {
        Path file = TestKeys.write(dir, "pub", TestKeys.pem("PUBLIC KEY", RSA.getPublic().getEncoded()));

        assertThatThrownBy(() -> SigningKeys.fromDirectory(dir, "RS256"))
                .hasMessageStartingWith(file + ": holds no PEM private key");
    }

    @Test
    void fromDirectoryWhenEncryptedThenRefused() {
        Path file = TestKeys.write(dir, "enc", TestKeys.pem("ENCRYPTED PRIVATE KEY", new byte[]{48, 0}));

        assertThatThrownBy(() -> SigningKeys.fromDirectory(dir, "RS256"))
                .hasMessageStartingWith(file + ": is an encrypted private key");
    }

    @Test
    void fromDirectoryWhenTwoKeysInOneFileThenRefused() {
        Path file = TestKeys.write(dir, "two", TestKeys.pkcs8(RSA) + TestKeys.pkcs8(TestKeys.rsa(2048)));

        assertThatThrownBy(() -> SigningKeys.fromDirectory(dir, "RS256"))
                .hasMessage(file + ": holds 2 PEM blocks; put one private key in each <kid>.pem");
    }

    @Test
    void fromDirectoryWhenDerIsDamagedThenRefusedWithoutKeyMaterial() {
        String pem = TestKeys.pkcs8(RSA);
        Path file = TestKeys.write(dir, "cut", pem.substring(0, 200) + "\n-----END PRIVATE KEY-----\n");

        assertThatThrownBy(() -> SigningKeys.fromDirectory(dir, "RS256"))
                .isInstanceOf(SigningKeyException.class)
                .hasMessageStartingWith(file + ": ")
                .message().doesNotContain(pem.substring(40, 120));
    }

    @Test
    void fromDirectoryWhenKidHasOddCharactersThenRefusedNamingTheFile() {
        Path file = TestKeys.write(dir, "my key", TestKeys.pkcs8(RSA));

        assertThatThrownBy(() -> SigningKeys.fromDirectory(dir, "RS256"))
                .hasMessageStartingWith(file + ": a key file is named <kid>.pem");
    }

    @Test
    void fromDirectoryWhenAlgorithmIsHs256ThenRefused() {
        TestKeys.write(dir, "k1", TestKeys.pkcs8(RSA));

        assertThatThrownBy(() -> SigningKeys.fromDirectory(dir, "HS256"))
                .hasMessage("key files are for RS256 or ES256, not HS256");
    }

    @Test
    void toStringWhenPrintedThenKidsOnly() {
        TestKeys.write(dir, "k1", TestKeys.pkcs8(RSA));

        assertThat(SigningKeys.fromDirectory(dir, "RS256").toString()).isEqualTo("SigningKeys[RS256, kids=[k1]]");
    }
}

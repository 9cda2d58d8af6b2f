package io.portcullis.policy.token;

import org.bouncycastle.asn1.DERBitString;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.asn1.sec.ECPrivateKey;
import org.bouncycastle.asn1.sec.SECObjectIdentifiers;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.interfaces.ECPublicKey;
import java.security.spec.ECGenParameterSpec;
import java.util.Base64;
import java.util.Map;
import java.util.stream.Stream;

/** Keys made at test time and written as PEM files (no private key is ever committed). */
public final class TestKeys {

    private TestKeys() {
    }

    public static KeyPair rsa(int bits) {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
            generator.initialize(bits);
            return generator.generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    public static KeyPair ec(String curve) {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
            generator.initialize(new ECGenParameterSpec(curve));
            return generator.generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** {@code BEGIN PRIVATE KEY}. */
    public static String pkcs8(KeyPair pair) {
        return pem("PRIVATE KEY", pair.getPrivate().getEncoded());
    }

    /** {@code BEGIN RSA PRIVATE KEY}: the RSAPrivateKey inside the PKCS#8 wrapper. */
    public static String pkcs1(KeyPair rsa) {
        try {
            byte[] inner = PrivateKeyInfo.getInstance(rsa.getPrivate().getEncoded()).parsePrivateKey()
                    .toASN1Primitive().getEncoded();
            return pem("RSA PRIVATE KEY", inner);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** {@code BEGIN EC PRIVATE KEY} with the named curve and the public point, as openssl writes it. */
    public static String sec1(KeyPair ec) {
        java.security.interfaces.ECPrivateKey key = (java.security.interfaces.ECPrivateKey) ec.getPrivate();
        ECPublicKey pub = (ECPublicKey) ec.getPublic();
        byte[] point = new byte[65];
        point[0] = 4;
        copy(pub.getW().getAffineX(), point, 1);
        copy(pub.getW().getAffineY(), point, 33);
        try {
            return pem("EC PRIVATE KEY", new ECPrivateKey(256, key.getS(), new DERBitString(point),
                    SECObjectIdentifiers.secp256r1).getEncoded());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static String pem(String type, byte[] der) {
        String body = Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(der);
        return "-----BEGIN " + type + "-----\n" + body + "\n-----END " + type + "-----\n";
    }

    /** Writes {@code dir/<kid>.pem} and returns it. */
    public static Path write(Path dir, String kid, String pem) {
        try {
            return Files.writeString(dir.resolve(kid + ".pem"), pem);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A new temporary directory holding {@code <kid>.pem} for each entry of {@code pemsByKid}. */
    public static Path directory(Map<String, String> pemsByKid) {
        try {
            Path dir = Files.createTempDirectory("portcullis-keys");
            pemsByKid.forEach((kid, pem) -> write(dir, kid, pem));
            return dir;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Deletes a directory made by {@link #directory} and the files in it. */
    public static void deleteDirectory(Path dir) throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            for (Path file : files.toList()) {
                Files.delete(file);
            }
        }
        Files.delete(dir);
    }

    private static void copy(BigInteger value, byte[] into, int offset) {
        byte[] bytes = value.toByteArray();
        int skip = bytes.length > 32 ? bytes.length - 32 : 0;
        System.arraycopy(bytes, skip, into, offset + 32 - (bytes.length - skip), bytes.length - skip);
    }
}

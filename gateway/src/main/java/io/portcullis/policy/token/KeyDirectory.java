package io.portcullis.policy.token;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.Signature;
import java.security.interfaces.ECPrivateKey;
import java.security.interfaces.RSAPrivateCrtKey;
import java.security.interfaces.RSAPrivateKey;
import java.security.spec.RSAPublicKeySpec;
import java.util.List;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The key files of {@code PORTCULLIS_JWT_KEYS_DIR}: one {@code <kid>.pem} private key per file, read at start-up and
 * again whenever the directory changes.
 * Hidden entries (Kubernetes' {@code ..data}), directories, links to nothing and files not ending in {@code .pem} are
 * not keys. Every key file must hold a key of the configured algorithm, or nothing is loaded.
 */
final class KeyDirectory {

    /** Letters, digits, '.', '_' and '-', starting with a letter or digit: a kid is a name, never a path. */
    static final Pattern KID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,63}");
    static final int MIN_RSA_BITS = 2048;
    private static final String SUFFIX = ".pem";
    private static final long MAX_FILE_BYTES = 64 * 1024;
    private static final String SETTING = "PORTCULLIS_JWT_KEYS_DIR";

    private KeyDirectory() {
    }

    /** Every key of {@code dir} by kid, sorted by kid; the newest (the greatest kid) signs. */
    static SortedMap<String, KeyPair> load(Path dir, String algorithm) {
        if (!Files.isDirectory(dir)) {
            throw new SigningKeyException(SETTING + " " + dir + " is not a directory");
        }
        SortedMap<String, KeyPair> keys = new TreeMap<>();
        for (Path file : list(dir)) {
            String name = file.getFileName().toString();
            // A link to nothing holds no key: Kubernetes removes a dropped key's link just after swapping ..data.
            if (name.startsWith(".") || !name.endsWith(SUFFIX) || Files.isDirectory(file) || Files.notExists(file)) {
                continue;
            }
            String kid = name.substring(0, name.length() - SUFFIX.length());
            if (!KID.matcher(kid).matches()) {
                throw new SigningKeyException(file + ": a key file is named <kid>.pem, the kid 1 to 64 letters, "
                        + "digits, '.', '_' or '-', starting with a letter or digit");
            }
            keys.put(kid, pair(file, algorithm));
        }
        if (keys.isEmpty()) {
            throw new SigningKeyException(SETTING + " " + dir + " holds no <kid>.pem key file for " + algorithm);
        }
        return keys;
    }

    private static List<Path> list(Path dir) {
        try (Stream<Path> entries = Files.list(dir)) {
            return entries.sorted().toList();
        } catch (IOException e) {
            throw new SigningKeyException(SETTING + " " + dir + " cannot be read (" + e.getClass().getSimpleName() + ")", e);
        }
    }

    private static KeyPair pair(Path file, String algorithm) {
        try {
            PrivateKey key = PemPrivateKeys.read(read(file));
            KeyPair pair = new KeyPair(publicKey(key, algorithm), key);
            selfTest(pair, algorithm);
            return pair;
        } catch (SigningKeyException e) {
            throw new SigningKeyException(file + ": " + e.getMessage(), e.getCause());
        }
    }

    private static String read(Path file) {
        try {
            if (Files.size(file) > MAX_FILE_BYTES) {
                throw new SigningKeyException("is larger than " + MAX_FILE_BYTES + " bytes: not a PEM private key");
            }
            return new String(Files.readAllBytes(file), StandardCharsets.ISO_8859_1);
        } catch (IOException e) {
            throw new SigningKeyException("cannot be read (" + e.getClass().getSimpleName() + ")", e);
        }
    }

    private static PublicKey publicKey(PrivateKey key, String algorithm) {
        try {
            if (algorithm.equals("RS256")) {
                return KeyFactory.getInstance("RSA").generatePublic(rsaPublic(key));
            }
            if (!(key instanceof ECPrivateKey ec) || !Curves.isP256(ec.getParams())) {
                throw new SigningKeyException("is " + describe(key) + ", but tokens.algorithm is ES256, "
                        + "which needs EC P-256 keys");
            }
            return KeyFactory.getInstance("EC").generatePublic(Curves.publicKey(ec));
        } catch (GeneralSecurityException e) {
            throw new SigningKeyException("holds a key the JDK cannot use (" + e.getClass().getSimpleName() + ")", e);
        }
    }

    private static RSAPublicKeySpec rsaPublic(PrivateKey key) {
        if (!(key instanceof RSAPrivateKey rsa)) {
            throw new SigningKeyException("is " + describe(key) + ", but tokens.algorithm is RS256, "
                    + "which needs RSA keys of at least " + MIN_RSA_BITS + " bits");
        }
        int bits = rsa.getModulus().bitLength();
        if (bits < MIN_RSA_BITS) {
            throw new SigningKeyException("is a " + bits + "-bit RSA key; RS256 needs at least " + MIN_RSA_BITS
                    + " bits (RFC 7518 section 3.3)");
        }
        if (!(key instanceof RSAPrivateCrtKey crt)) {
            throw new SigningKeyException("is an RSA key without its public exponent; write it as PKCS#8 or PKCS#1");
        }
        return new RSAPublicKeySpec(crt.getModulus(), crt.getPublicExponent());
    }

    private static String describe(PrivateKey key) {
        return key instanceof ECPrivateKey ? "an EC key" : "an " + key.getAlgorithm() + " key";
    }

    /** Signs and verifies one probe: a damaged file whose private and public halves disagree stops start-up. */
    private static void selfTest(KeyPair pair, String algorithm) {
        String jca = algorithm.equals("RS256") ? "SHA256withRSA" : "SHA256withECDSA";
        byte[] probe = "portcullis-key-self-test".getBytes(StandardCharsets.US_ASCII);
        try {
            Signature signer = Signature.getInstance(jca);
            signer.initSign(pair.getPrivate());
            signer.update(probe);
            byte[] signature = signer.sign();
            Signature verifier = Signature.getInstance(jca);
            verifier.initVerify(pair.getPublic());
            verifier.update(probe);
            if (verifier.verify(signature)) {
                return;
            }
        } catch (GeneralSecurityException | RuntimeException e) {
            throw new SigningKeyException("cannot sign (" + e.getClass().getSimpleName() + "): the key is damaged", e);
        }
        throw new SigningKeyException("is damaged: its private and public parts do not match");
    }
}

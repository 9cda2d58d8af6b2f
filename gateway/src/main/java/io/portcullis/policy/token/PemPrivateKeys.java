package io.portcullis.policy.token;

import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.ASN1Primitive;
import org.bouncycastle.asn1.pkcs.PKCSObjectIdentifiers;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.asn1.pkcs.RSAPrivateKey;
import org.bouncycastle.asn1.sec.ECPrivateKey;
import org.bouncycastle.asn1.x9.X9ObjectIdentifiers;

import java.io.IOException;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.spec.ECPrivateKeySpec;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.RSAPrivateCrtKeySpec;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads the one private key of a PEM text: PKCS#8 ({@code BEGIN PRIVATE KEY}), PKCS#1 ({@code BEGIN RSA PRIVATE KEY})
 * or SEC1 ({@code BEGIN EC PRIVATE KEY}, an {@code EC PARAMETERS} block beside it is allowed). Only RSA keys and EC
 * keys on P-256 are read: those are the keys of RS256 and ES256. Encrypted keys are refused (the gateway has no
 * passphrase to open them with). Errors are {@link SigningKeyException}s whose message completes "{@code <file>: }".
 */
final class PemPrivateKeys {

    private static final Pattern BLOCK = Pattern.compile(
            "-----BEGIN ([A-Z0-9 ]+)-----\\R(.*?)-----END \\1-----", Pattern.DOTALL);
    private static final String PKCS8 = "PRIVATE KEY";
    private static final String PKCS1 = "RSA PRIVATE KEY";
    private static final String SEC1 = "EC PRIVATE KEY";
    private static final Map<String, String> OTHER_KEYS = Map.of("1.3.101.112", "an Ed25519 key",
            "1.3.101.113", "an Ed448 key", "1.2.840.113549.1.1.10", "an RSASSA-PSS key", "1.2.840.10040.4.1", "a DSA key");
    private static final List<String> IGNORED = List.of("EC PARAMETERS", "CERTIFICATE", "PUBLIC KEY");

    private PemPrivateKeys() {
    }

    static PrivateKey read(String pem) {
        List<Block> keys = new ArrayList<>();
        Matcher matcher = BLOCK.matcher(pem);
        while (matcher.find()) {
            Block block = new Block(matcher.group(1), matcher.group(2));
            if (block.type().startsWith("ENCRYPTED") || block.body().contains("Proc-Type:")) {
                throw new SigningKeyException("is an encrypted private key; store it unencrypted with "
                        + "permissions only the gateway can read (openssl pkcs8 -topk8 -nocrypt)");
            }
            if (!IGNORED.contains(block.type())) {
                keys.add(block);
            }
        }
        if (keys.isEmpty()) {
            throw new SigningKeyException("holds no PEM private key (expected -----BEGIN PRIVATE KEY-----, "
                    + "-----BEGIN RSA PRIVATE KEY----- or -----BEGIN EC PRIVATE KEY-----)");
        }
        if (keys.size() > 1) {
            throw new SigningKeyException("holds " + keys.size() + " PEM blocks; put one private key in each <kid>.pem");
        }
        return decode(keys.get(0));
    }

    private static PrivateKey decode(Block block) {
        byte[] der = block.der();
        try {
            return switch (block.type()) {
                case PKCS8 -> pkcs8(der);
                case PKCS1 -> pkcs1(der);
                case SEC1 -> sec1(der);
                default -> throw new SigningKeyException("holds a '" + block.type() + "' PEM block, not a private key");
            };
        } catch (SigningKeyException e) {
            throw e;
        } catch (GeneralSecurityException | IOException | RuntimeException e) {
            throw new SigningKeyException("is not a well-formed " + block.type() + " ("
                    + e.getClass().getSimpleName() + ")", e);
        }
    }

    private static PrivateKey pkcs8(byte[] der) throws GeneralSecurityException, IOException {
        PrivateKeyInfo info = PrivateKeyInfo.getInstance(ASN1Primitive.fromByteArray(der(der)));
        ASN1ObjectIdentifier algorithm = info.getPrivateKeyAlgorithm().getAlgorithm();
        if (algorithm.equals(PKCSObjectIdentifiers.rsaEncryption)) {
            return KeyFactory.getInstance("RSA").generatePrivate(new PKCS8EncodedKeySpec(der));
        }
        if (algorithm.equals(X9ObjectIdentifiers.id_ecPublicKey)) {
            Curves.requireP256(info.getPrivateKeyAlgorithm().getParameters());
            return KeyFactory.getInstance("EC").generatePrivate(new PKCS8EncodedKeySpec(der));
        }
        throw new SigningKeyException("is " + OTHER_KEYS.getOrDefault(algorithm.getId(), "a key of algorithm "
                + algorithm.getId()) + "; RS256 needs an RSA key and ES256 an EC P-256 key");
    }

    private static PrivateKey pkcs1(byte[] der) throws GeneralSecurityException, IOException {
        RSAPrivateKey rsa = RSAPrivateKey.getInstance(ASN1Primitive.fromByteArray(der(der)));
        return KeyFactory.getInstance("RSA").generatePrivate(new RSAPrivateCrtKeySpec(rsa.getModulus(),
                rsa.getPublicExponent(), rsa.getPrivateExponent(), rsa.getPrime1(), rsa.getPrime2(),
                rsa.getExponent1(), rsa.getExponent2(), rsa.getCoefficient()));
    }

    private static PrivateKey sec1(byte[] der) throws GeneralSecurityException, IOException {
        ECPrivateKey ec = ECPrivateKey.getInstance(ASN1Primitive.fromByteArray(der(der)));
        if (ec.getParametersObject() == null) {
            throw new SigningKeyException("is an EC private key without its curve; ES256 needs P-256");
        }
        Curves.requireP256(ec.getParametersObject());
        return KeyFactory.getInstance("EC").generatePrivate(new ECPrivateKeySpec(ec.getKey(), Curves.P256));
    }

    /** Refuses an empty body early: BouncyCastle's messages for it are unhelpful. */
    private static byte[] der(byte[] der) {
        if (der.length == 0) {
            throw new SigningKeyException("holds an empty PEM block");
        }
        return der;
    }

    private record Block(String type, String body) {
        byte[] der() {
            try {
                return Base64.getDecoder().decode(body.replaceAll("\\s", ""));
            } catch (IllegalArgumentException e) {
                throw new SigningKeyException("holds a " + type + " block that is not valid base64");
            }
        }

        @Override
        public String toString() {
            return "Block[" + type + "]";
        }
    }
}

package io.portcullis.policy.token;

import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.spec.AlgorithmParameterSpec;
import java.security.spec.ECGenParameterSpec;
import java.security.spec.RSAKeyGenParameterSpec;

/** A fresh key pair for RS256 (RSA 2048, e = 65537) or ES256 (P-256), for a gateway started without key files. */
final class EphemeralKeys {

    private EphemeralKeys() {
    }

    static KeyPair generate(String algorithm) {
        boolean rsa = algorithm.equals("RS256");
        AlgorithmParameterSpec spec = rsa
                ? new RSAKeyGenParameterSpec(KeyDirectory.MIN_RSA_BITS, RSAKeyGenParameterSpec.F4)
                : new ECGenParameterSpec("secp256r1");
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance(rsa ? "RSA" : "EC");
            generator.initialize(spec);
            return generator.generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("the JDK cannot generate a " + algorithm + " key", e);
        }
    }
}

package io.portcullis.policy.token;

import org.bouncycastle.asn1.ASN1Encodable;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.sec.SECObjectIdentifiers;
import org.bouncycastle.asn1.x9.ECNamedCurveTable;
import org.bouncycastle.asn1.x9.X9ECParameters;
import org.bouncycastle.crypto.ec.CustomNamedCurves;
import org.bouncycastle.math.ec.FixedPointCombMultiplier;

import java.math.BigInteger;
import java.security.AlgorithmParameters;
import java.security.GeneralSecurityException;
import java.security.interfaces.ECPrivateKey;
import java.security.spec.ECGenParameterSpec;
import java.security.spec.ECParameterSpec;
import java.security.spec.ECPoint;
import java.security.spec.ECPublicKeySpec;

/** P-256 (secp256r1), the one curve of ES256 (RFC 7518 section 3.4): its parameters, and public keys from private ones. */
final class Curves {

    static final String JWK_NAME = "P-256";
    static final ECParameterSpec P256 = p256();
    private static final X9ECParameters P256_MATH = CustomNamedCurves.getByName("secp256r1");

    private Curves() {
    }

    /** Refuses any curve but P-256: a named other curve by its name, explicit parameters as such. */
    static void requireP256(ASN1Encodable parameters) {
        if (parameters instanceof ASN1ObjectIdentifier oid) {
            if (oid.equals(SECObjectIdentifiers.secp256r1)) {
                return;
            }
            String name = ECNamedCurveTable.getName(oid);
            throw new SigningKeyException("is an EC key on curve " + (name == null ? oid.getId() : name)
                    + "; ES256 needs P-256 (secp256r1, prime256v1)");
        }
        throw new SigningKeyException("is an EC key with explicit curve parameters; ES256 needs the named curve P-256");
    }

    /** True when {@code spec} is P-256, whichever provider made it. */
    static boolean isP256(ECParameterSpec spec) {
        return spec.getCurve().equals(P256.getCurve()) && spec.getGenerator().equals(P256.getGenerator())
                && spec.getOrder().equals(P256.getOrder()) && spec.getCofactor() == P256.getCofactor();
    }

    /** Q = d·G: a PKCS#8 or SEC1 file need not carry the public point, and the JDK cannot compute it. */
    static ECPublicKeySpec publicKey(ECPrivateKey key) {
        BigInteger d = key.getS();
        if (d.signum() <= 0 || d.compareTo(P256.getOrder()) >= 0) {
            throw new SigningKeyException("is an EC key whose private scalar is out of range for P-256");
        }
        org.bouncycastle.math.ec.ECPoint q = new FixedPointCombMultiplier().multiply(P256_MATH.getG(), d).normalize();
        return new ECPublicKeySpec(new ECPoint(q.getAffineXCoord().toBigInteger(), q.getAffineYCoord().toBigInteger()),
                P256);
    }

    private static ECParameterSpec p256() {
        try {
            AlgorithmParameters parameters = AlgorithmParameters.getInstance("EC");
            parameters.init(new ECGenParameterSpec("secp256r1"));
            return parameters.getParameterSpec(ECParameterSpec.class);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("the JDK provides no P-256", e);
        }
    }
}

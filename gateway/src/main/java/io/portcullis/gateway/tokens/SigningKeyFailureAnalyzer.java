package io.portcullis.gateway.tokens;

import io.portcullis.policy.token.SigningKeyException;
import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

/**
 * Start-up stopped by unusable JWT keys: Spring Boot prints the one-line reason (which names the setting or key file)
 * and what to do, instead of a stack trace. Registered in {@code META-INF/spring.factories}.
 */
public final class SigningKeyFailureAnalyzer extends AbstractFailureAnalyzer<SigningKeyException> {

    @Override
    protected FailureAnalysis analyze(Throwable rootFailure, SigningKeyException cause) {
        return new FailureAnalysis("JWT signing keys: " + cause.getMessage(),
                "Set PORTCULLIS_JWT_SECRET (HS256, at least 32 bytes) or PORTCULLIS_JWT_KEYS_DIR (one <kid>.pem "
                        + "private key per file: RSA of at least 2048 bits for RS256, EC P-256 for ES256) to match "
                        + "tokens.algorithm in policy.yaml.", cause);
    }
}

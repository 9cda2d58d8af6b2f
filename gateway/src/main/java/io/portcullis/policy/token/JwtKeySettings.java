package io.portcullis.policy.token;

import java.nio.file.Path;
import java.util.Locale;
import java.util.Set;

/**
 * Where the JWT keys come from (DESIGN.md "Running"): {@code PORTCULLIS_JWT_KEYS_DIR} for RS256/ES256,
 * {@code PORTCULLIS_JWT_SECRET} for HS256, or neither: an ephemeral key of the policy's {@code tokens.algorithm}.
 * Blank values count as unset. The secret never appears in {@code toString()}.
 */
public record JwtKeySettings(String secret, String keysDir) {

    static final String SECRET = "PORTCULLIS_JWT_SECRET (portcullis.jwt.secret)";
    static final String KEYS_DIR = "PORTCULLIS_JWT_KEYS_DIR (portcullis.jwt.keys.dir)";
    /** Secrets printed in the repository's examples (.env.example before it was emptied): public, so refused. */
    private static final Set<String> PUBLISHED_SECRETS = Set.of("replace-me-with-at-least-32-random-bytes-0000");

    public JwtKeySettings {
        secret = secret == null || secret.isEmpty() ? null : secret;
        keysDir = keysDir == null || keysDir.isBlank() ? null : keysDir;
    }

    /** Neither a secret nor a keys directory: keys are made up at start-up and die with the process. */
    public boolean ephemeral() {
        return secret == null && keysDir == null;
    }

    /**
     * The keys for {@code algorithm} ({@code tokens.algorithm}: HS256, RS256 or ES256).
     *
     * @throws SigningKeyException when the settings contradict the algorithm or the keys cannot be used
     */
    public SigningKeys load(String algorithm) {
        boolean hmac = algorithm.equals("HS256");
        if (secret != null && keysDir != null) {
            throw new SigningKeyException("both " + SECRET + " and " + KEYS_DIR + " are set; set "
                    + (hmac ? "only the secret for HS256" : "only the keys directory for " + algorithm));
        }
        if (keysDir != null) {
            if (hmac) {
                throw new SigningKeyException(KEYS_DIR + " is set, but policy.yaml tokens.algorithm is HS256, which "
                        + "signs with " + SECRET + "; set tokens.algorithm to RS256 or ES256, or use a secret");
            }
            return SigningKeys.fromDirectory(Path.of(keysDir), algorithm);
        }
        if (secret != null) {
            if (!hmac) {
                throw new SigningKeyException("policy.yaml tokens.algorithm is " + algorithm + ", which signs with "
                        + "PEM private keys from " + KEYS_DIR + ", but only " + SECRET + " is set");
            }
            if (published(secret)) {
                throw new SigningKeyException(SECRET + " is a placeholder published in the Portcullis repository: "
                        + "anyone could sign tokens with it; generate a secret of your own with: openssl rand -base64 48");
            }
            return SigningKeys.hmac(secret);
        }
        return SigningKeys.ephemeral(algorithm);
    }

    /** An example value rather than a secret: a published placeholder, or one that says to replace it. */
    private static boolean published(String secret) {
        String lower = secret.toLowerCase(Locale.ROOT);
        return PUBLISHED_SECRETS.contains(secret) || lower.contains("replace-me") || lower.contains("change-me")
                || lower.contains("changeme");
    }

    @Override
    public String toString() {
        return "JwtKeySettings[secret=" + (secret == null ? "unset" : "(set)") + ", keysDir=" + keysDir + "]";
    }
}

package io.portcullis.gateway.tokens;

import io.portcullis.policy.token.JwtKeySettings;
import io.portcullis.policy.token.SigningKeyException;
import io.portcullis.policy.token.SigningKeys;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.file.Path;

/** Loads the JWT keys at start-up and on a change of the keys directory, and says which were chosen (kids only, never key material). */
public final class SigningKeysLoader {

    private static final Logger log = LoggerFactory.getLogger(SigningKeysLoader.class);

    private SigningKeysLoader() {
    }

    /**
     * The keys for the start-up policy's {@code tokens.algorithm}.
     *
     * @throws SigningKeyException when they cannot be used; {@link SigningKeyFailureAnalyzer} reports it in one line
     */
    public static SigningKeys load(JwtKeySettings settings, String algorithm) {
        SigningKeys keys = settings.load(algorithm);
        if (settings.ephemeral()) {
            log.warn("neither PORTCULLIS_JWT_SECRET nor PORTCULLIS_JWT_KEYS_DIR is set: signing {} tokens with an "
                    + "ephemeral key; tokens die with this process and no other instance accepts them", algorithm);
        } else if (settings.keysDir() != null) {
            log.info("JWT keys: {} from {}: kids {}, signing with '{}'", algorithm, settings.keysDir(), keys.kids(),
                    keys.signingKid());
        } else {
            log.info("JWT keys: HS256 with PORTCULLIS_JWT_SECRET");
        }
        return keys;
    }

    /**
     * The keys now in {@code dir}, for the algorithm the gateway started with.
     *
     * @throws SigningKeyException when they cannot be used: the caller keeps the keys it has
     */
    public static SigningKeys reload(Path dir, String algorithm) {
        SigningKeys keys = SigningKeys.fromDirectory(dir, algorithm);
        log.info("JWT keys reloaded: {} from {}: kids {}, signing with '{}'", algorithm, dir, keys.kids(), keys.signingKid());
        return keys;
    }
}

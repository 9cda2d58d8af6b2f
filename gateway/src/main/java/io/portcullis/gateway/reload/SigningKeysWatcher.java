package io.portcullis.gateway.reload;

import io.micrometer.core.instrument.MeterRegistry;
import io.portcullis.gateway.tokens.SigningKeysLoader;
import io.portcullis.policy.token.SigningKeyException;
import io.portcullis.policy.token.SigningKeys;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;

/**
 * Re-reads {@code PORTCULLIS_JWT_KEYS_DIR} when its key files change, as the policy is (DESIGN.md "External token
 * issuers"): a valid key set is swapped in whole, so the greatest kid signs from then on and removed keys stop
 * verifying; an edit that yields no valid key set (an unreadable or half-written PEM, a weak key, a key of another
 * algorithm, no key at all) is refused, logged without key material, and the last good keys keep serving.
 * Kubernetes' {@code ..data} swap and a re-pointed symlinked directory are followed: each look lists the directory
 * anew, through its links.
 */
public final class SigningKeysWatcher extends WatchedSource {

    private static final Logger log = LoggerFactory.getLogger(SigningKeysWatcher.class);

    private final Path directory;
    private final SigningKeysHolder keys;
    private final Clock clock;

    public SigningKeysWatcher(Path directory, SigningKeysHolder keys, MeterRegistry metrics, Duration interval, Clock clock) {
        super("keys", directory, () -> Fingerprint.ofDirectory(directory, SigningKeysWatcher::mayHoldAKey),
                "portcullis.keys.reload", metrics, interval, clock, clock.instant());
        this.directory = directory;
        this.keys = keys;
        this.clock = clock;
    }

    /** The entries {@code KeyDirectory} reads; hidden ones (Kubernetes' {@code ..data}) are seen through the key files' links. */
    private static boolean mayHoldAKey(Path entry) {
        String name = entry.getFileName().toString();
        return !name.startsWith(".") && name.endsWith(".pem");
    }

    @Override
    protected void reload() {
        SigningKeys serving = keys.current();
        try {
            keys.swap(SigningKeysLoader.reload(directory, serving.algorithm()));
            applied(clock.instant());
        } catch (SigningKeyException e) {
            refused(List.of(e.getMessage()));
            log.error("JWT keys reload refused, still signing with '{}' (kids {}): {}", serving.signingKid(),
                    serving.kids(), e.getMessage());
        }
    }
}

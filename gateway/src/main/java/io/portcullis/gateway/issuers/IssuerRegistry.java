package io.portcullis.gateway.issuers;

import io.portcullis.policy.model.Issuer;
import io.portcullis.policy.token.ExternalTokenVerifier;
import io.portcullis.policy.token.IssuerKeys;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The key source and verifier of every external issuer of the current policy. A reload calls {@link #sync}: an issuer
 * whose entry is unchanged keeps its keys (and fetched JWKS); a new or changed one gets a new source; a removed or
 * changed one's source is closed. Verifiers are per issuer and leeway, so their caches never mix issuers.
 */
public final class IssuerRegistry implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(IssuerRegistry.class);

    private record Built(Duration leeway, ExternalTokenVerifier verifier) {
    }

    private final IssuerKeysFactory factory;
    private final Clock clock;
    private volatile Map<Issuer, IssuerKeys> keys = Map.of();
    private final Map<Issuer, Built> verifiers = new ConcurrentHashMap<>();

    public IssuerRegistry(IssuerKeysFactory factory, Clock clock) {
        this.factory = factory;
        this.clock = clock;
    }

    /** Brings the key sources in line with {@code issuers}, the issuers of the policy about to serve. */
    public synchronized void sync(List<Issuer> issuers) {
        Map<Issuer, IssuerKeys> next = new LinkedHashMap<>();
        for (Issuer issuer : issuers) {
            IssuerKeys existing = keys.get(issuer);
            next.put(issuer, existing != null ? existing : factory.start(issuer));
        }
        Map<Issuer, IssuerKeys> previous = keys;
        keys = Map.copyOf(next);
        previous.forEach((issuer, source) -> {
            if (!next.containsKey(issuer)) {
                verifiers.remove(issuer);
                close(issuer, source);
            }
        });
    }

    /** The verifier of {@code issuer} with {@code leeway}; empty when the issuer is not (or no longer) in the policy. */
    public Optional<ExternalTokenVerifier> verifier(Issuer issuer, Duration leeway) {
        IssuerKeys source = keys.get(issuer);
        if (source == null) {
            return Optional.empty();
        }
        Built built = verifiers.get(issuer);
        if (!fits(built, leeway, source)) {
            built = verifiers.compute(issuer, (key, current) -> fits(current, leeway, source) ? current
                    : new Built(leeway, new ExternalTokenVerifier(issuer, source, leeway, clock)));
        }
        return Optional.of(built.verifier());
    }

    private static boolean fits(Built built, Duration leeway, IssuerKeys source) {
        return built != null && built.leeway().equals(leeway) && built.verifier().keys() == source;
    }

    /** The key sources of the current policy's issuers by id, sorted (for health; no key material). */
    public Map<String, IssuerKeys> sources() {
        Map<String, IssuerKeys> byId = new java.util.TreeMap<>();
        keys.forEach((issuer, source) -> byId.put(issuer.id(), source));
        return byId;
    }

    @Override
    public synchronized void close() {
        keys.forEach(IssuerRegistry::close);
        keys = Map.of();
        verifiers.clear();
    }

    private static void close(Issuer issuer, IssuerKeys source) {
        if (source instanceof AutoCloseable closeable) {
            try {
                closeable.close();
            } catch (Exception e) {
                log.warn("closing the keys of issuer {} failed: {}", issuer.id(), e.getClass().getName());
            }
        }
    }
}

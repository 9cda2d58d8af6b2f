package io.portcullis.gateway.issuers;

import io.portcullis.policy.token.IssuerKeys;
import io.portcullis.policy.token.SecretIssuerKeys;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.boot.health.contributor.Status;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Health component {@code issuers}: where each external issuer's keys stand. UP while every issuer has keys it
 * fetched last time it tried; DEGRADED (HTTP 200: the gateway serves, other tokens are unaffected) while an issuer's
 * keys were never obtained (its tokens get 503 issuer_unavailable) or its last fetch failed (its last good keys
 * serve). Details name sources, kids and failure reasons, never key material.
 */
public final class IssuersHealthIndicator implements HealthIndicator {

    static final Status DEGRADED = new Status("DEGRADED",
            "an issuer's keys were never fetched or its last fetch failed; other tokens are unaffected");

    private final IssuerRegistry registry;

    public IssuersHealthIndicator(IssuerRegistry registry) {
        this.registry = registry;
    }

    @Override
    public Health health() {
        boolean degraded = false;
        Map<String, Object> details = new LinkedHashMap<>();
        for (Map.Entry<String, IssuerKeys> entry : registry.sources().entrySet()) {
            if (!(entry.getValue() instanceof JwksKeys jwks)) {
                details.put(entry.getKey(), Map.of("keys", entry.getValue() instanceof SecretIssuerKeys ? "secret" : "static"));
                continue;
            }
            JwksStatus status = jwks.status();
            boolean failing = status.lastSuccess() == null
                    || (status.lastFailure() != null && status.lastFailure().isAfter(status.lastSuccess()));
            degraded |= failing;
            Map<String, Object> issuer = new LinkedHashMap<>();
            issuer.put("keys", status.lastSuccess() == null ? "never fetched" : failing ? "last good" : "fetched");
            issuer.put("source", status.source());
            issuer.put("kids", status.kids());
            if (status.lastSuccess() != null) {
                issuer.put("lastSuccess", status.lastSuccess().toString());
            }
            if (status.lastFailure() != null) {
                issuer.put("lastFailure", status.lastFailure().toString());
                issuer.put("failureReason", status.failureReason());
            }
            details.put(entry.getKey(), issuer);
        }
        return (degraded ? Health.status(DEGRADED) : Health.up()).withDetails(details).build();
    }
}

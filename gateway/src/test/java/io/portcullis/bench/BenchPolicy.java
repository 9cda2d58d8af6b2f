package io.portcullis.bench;

import io.portcullis.gateway.support.PolicyFixture;
import io.portcullis.policy.PolicySnapshot;
import io.portcullis.policy.model.Identity;
import io.portcullis.policy.model.User;
import io.portcullis.policy.parse.InvalidPolicyException;
import io.portcullis.policy.parse.PolicyLoader;
import io.portcullis.policy.token.JwtIssuer;
import io.portcullis.policy.token.SigningKeys;
import io.portcullis.policy.token.TokenType;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;

/**
 * The inputs every benchmark starts from: test resource {@code policies/bench} loaded by {@link PolicyLoader} (as
 * the gateway loads its directory), an HS256 key and real access tokens from {@link JwtIssuer}.
 */
final class BenchPolicy {

    /** The secret {@code bench/run} uses too (HS256, at least 32 bytes). */
    static final String JWT_SECRET = "bench-only-secret-0123456789abcdef-0123456789";

    private final PolicySnapshot snapshot;
    private final SigningKeys keys;

    private BenchPolicy(PolicySnapshot snapshot, SigningKeys keys) {
        this.snapshot = snapshot;
        this.keys = keys;
    }

    static BenchPolicy load() {
        Path dir = PolicyFixture.write("bench", Map.of());
        try {
            return new BenchPolicy(PolicyLoader.load(dir), SigningKeys.hmac(JWT_SECRET));
        } catch (InvalidPolicyException e) {
            throw new IllegalStateException("policies/bench does not load: " + e.getMessage(), e);
        } finally {
            delete(dir);
        }
    }

    PolicySnapshot snapshot() {
        return snapshot;
    }

    SigningKeys keys() {
        return keys;
    }

    User user(String username) {
        return snapshot.users().byUsername(username)
                .orElseThrow(() -> new IllegalArgumentException("no user " + username + " in policies/bench"));
    }

    /** The identity the gateway builds for {@code username}'s JWT. */
    Identity identity(String username) {
        return Identity.of(user(username), "jwt");
    }

    /** A signed access token for {@code username}, issued now (valid for the policy's {@code access_lifetime}). */
    String accessToken(String username, Clock clock) {
        return new JwtIssuer(keys, clock).issue(user(username), TokenType.ACCESS, snapshot.policy().tokens());
    }

    private static void delete(Path dir) {
        try {
            for (String file : new String[]{PolicyLoader.POLICY_FILE, PolicyLoader.USERS_FILE}) {
                Files.deleteIfExists(dir.resolve(file));
            }
            Files.deleteIfExists(dir);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}

package io.portcullis.gateway.cli;

import io.portcullis.gateway.store.RedisConnection;
import io.portcullis.gateway.tokens.OpaqueKeys;
import io.portcullis.gateway.tokens.OpaqueToken;
import io.portcullis.gateway.tokens.RedisTokenStore;
import io.portcullis.gateway.tokens.TokenStore;
import io.portcullis.policy.PolicySnapshot;
import io.portcullis.policy.model.User;
import io.portcullis.policy.token.CredentialVersion;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;
import org.springframework.data.redis.core.ReactiveStringRedisTemplate;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.Callable;

/**
 * {@code token create|revoke}: DRF's drf_create_token for opaque tokens, acting on the Redis store the running gateways
 * share. Without REDIS_URL the tokens live inside each gateway process, out of a CLI's reach.
 */
@Command(name = "token", description = "Create or revoke opaque API tokens in the shared (Redis) store.",
        subcommands = {TokenCommand.Create.class, TokenCommand.Revoke.class})
final class TokenCommand {

    abstract static class StoreCommand implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Option(names = "--user", required = true, description = "Username from users.yaml.")
        String username;

        @Option(names = "--policy-dir", description = "Policy directory (default: $PORTCULLIS_POLICY_DIR, else ./policy).")
        Path policyDir;

        @Option(names = "--redis-url", defaultValue = "${env:REDIS_URL}", description = "Redis of the gateways (default: $REDIS_URL).")
        String redisUrl;

        @Option(names = "--key-prefix", defaultValue = "${env:PORTCULLIS_STORE_KEY_PREFIX:-portcullis:}",
                description = "Key prefix the gateways use (default: portcullis:).")
        String keyPrefix;

        @Override
        public Integer call() {
            PrintWriter out = spec.commandLine().getOut();
            PrintWriter err = spec.commandLine().getErr();
            if (redisUrl == null || redisUrl.isBlank()) {
                err.println("REDIS_URL is not set: without Redis, opaque tokens live in each gateway's memory; "
                        + "use POST /auth/api-token/ and DELETE /auth/api-token/ instead");
                return 1;
            }
            PolicySnapshot snapshot = PolicyDirectory.load(policyDir, err).orElse(null);
            if (snapshot == null) {
                return 1;
            }
            User user = snapshot.users().byUsername(username).orElse(null);
            if (user == null) {
                err.println("no user '" + username + "' in users.yaml");
                return 1;
            }
            LettuceConnectionFactory factory = RedisConnection.factory(redisUrl, Duration.ofSeconds(2));
            factory.afterPropertiesSet();
            factory.start();
            try {
                TokenStore store = new RedisTokenStore(new ReactiveStringRedisTemplate(factory), keyPrefix,
                        Duration.ofSeconds(2), Clock.systemUTC());
                return run(store, snapshot, user, out, err);
            } catch (RuntimeException e) {
                err.println("Redis failed: " + e.getClass().getSimpleName());
                return 1;
            } finally {
                factory.destroy();
                out.flush();
                err.flush();
            }
        }

        abstract int run(TokenStore store, PolicySnapshot snapshot, User user, PrintWriter out, PrintWriter err);
    }

    @Command(name = "create", description = "Create an opaque token for a user and print it once.")
    static final class Create extends StoreCommand {
        @Override
        int run(TokenStore store, PolicySnapshot snapshot, User user, PrintWriter out, PrintWriter err) {
            String key = OpaqueKeys.newKey();
            Instant now = Instant.now();
            Duration lifetime = snapshot.policy().tokens().apiTokenLifetime();
            store.saveOpaque(OpaqueKeys.sha256(key), new OpaqueToken(user.id(), now,
                    lifetime == null ? null : now.plus(lifetime), CredentialVersion.of(user))).block();
            out.println(key);
            return 0;
        }
    }

    @Command(name = "revoke", description = "Revoke one token of a user (--key) or all of them (--all).")
    static final class Revoke extends StoreCommand {
        @Option(names = "--all", description = "Revoke every opaque token of the user.")
        boolean all;

        @Option(names = "--key", description = "The token to revoke.")
        String key;

        @Override
        int run(TokenStore store, PolicySnapshot snapshot, User user, PrintWriter out, PrintWriter err) {
            if (all == (key != null)) {
                err.println("say which: --all, or --key KEY");
                return 2;
            }
            if (all) {
                out.println("revoked " + store.deleteAllOpaque(user.id()).block() + " token(s) of " + user.username());
                return 0;
            }
            OpaqueToken token = store.findOpaque(OpaqueKeys.sha256(key)).block();
            if (token == null || !token.userId().equals(user.id())) {
                err.println("no such token for " + user.username());
                return 1;
            }
            store.deleteOpaque(OpaqueKeys.sha256(key)).block();
            out.println("revoked 1 token of " + user.username());
            return 0;
        }
    }
}

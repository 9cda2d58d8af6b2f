package io.portcullis.gateway.cli;

import io.portcullis.gateway.store.RedisConnection;
import io.portcullis.gateway.support.RedisHarness;
import io.portcullis.gateway.tokens.OpaqueKeys;
import io.portcullis.gateway.tokens.OpaqueToken;
import io.portcullis.gateway.tokens.RedisTokenStore;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;
import org.springframework.data.redis.core.ReactiveStringRedisTemplate;
import picocli.CommandLine;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Clock;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

class TokenCommandTest {

    static final String PREFIX = RedisHarness.keyPrefix();
    static LettuceConnectionFactory factory;
    static RedisTokenStore store;

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    @BeforeAll
    static void connect() {
        factory = RedisConnection.factory(RedisHarness.shared().url(), Duration.ofSeconds(2));
        factory.afterPropertiesSet();
        factory.start();
        store = new RedisTokenStore(new ReactiveStringRedisTemplate(factory), PREFIX, Duration.ofSeconds(2), Clock.systemUTC());
    }

    @AfterAll
    static void disconnect() {
        factory.destroy();
    }

    private int token(String... args) {
        CommandLine cli = Cli.commandLine();
        cli.setOut(new PrintWriter(out));
        cli.setErr(new PrintWriter(err));
        String[] full = new String[args.length + 5];
        full[0] = "token";
        System.arraycopy(args, 0, full, 1, args.length);
        full[args.length + 1] = "--redis-url=" + RedisHarness.shared().url();
        full[args.length + 2] = "--key-prefix=" + PREFIX;
        full[args.length + 3] = "--policy-dir";
        full[args.length + 4] = "../policy";
        return cli.execute(full);
    }

    @Test
    void createWhenUserExistsThenPrintsKeyStoredForThatUser() {
        assertThat(token("create", "--user", "alice")).isZero();

        String key = out.toString().strip();
        assertThat(key).matches("[0-9a-f]{40}");
        OpaqueToken stored = store.findOpaque(OpaqueKeys.sha256(key)).block();
        assertThat(stored).isNotNull();
        assertThat(stored.userId()).isEqualTo("1");
    }

    @Test
    void revokeAllWhenUserHasTokensThenNoneRemains() {
        token("create", "--user", "bob");
        String key = out.toString().strip();

        assertThat(token("revoke", "--user", "bob", "--all")).isZero();

        assertThat(store.findOpaque(OpaqueKeys.sha256(key)).block()).isNull();
    }

    @Test
    void revokeWhenNeitherAllNorKeyThenRefuses() {
        assertThat(token("revoke", "--user", "bob")).isEqualTo(2);
        assertThat(err.toString()).contains("--all");
    }

    @Test
    void createWhenUserUnknownThenExitOne() {
        assertThat(token("create", "--user", "mallory")).isEqualTo(1);
        assertThat(err.toString()).contains("mallory");
    }

    @Test
    void createWhenNoRedisThenExplainsAndExitOne() {
        CommandLine cli = Cli.commandLine();
        cli.setErr(new PrintWriter(err));

        assertThat(cli.execute("token", "create", "--user", "alice", "--redis-url=", "--policy-dir", "../policy")).isEqualTo(1);
        assertThat(err.toString()).contains("REDIS_URL is not set");
    }

    @Test
    void createWhenPolicyDirectoryMissingThenOneLineNamingItAndExitOne() {
        CommandLine cli = Cli.commandLine();
        cli.setErr(new PrintWriter(err));

        int exit = cli.execute("token", "create", "--user", "alice", "--redis-url=" + RedisHarness.shared().url(),
                "--policy-dir", "no-such-policy-dir");

        assertThat(exit).isEqualTo(1);
        assertThat(err.toString()).contains("no-such-policy-dir").doesNotContain("Exception").doesNotContain("\tat ");
    }
}

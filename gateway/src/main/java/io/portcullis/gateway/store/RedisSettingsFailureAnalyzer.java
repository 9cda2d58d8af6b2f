package io.portcullis.gateway.store;

import io.portcullis.policy.store.RedisSettingException;
import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

/**
 * Start-up stopped by a Redis setting the gateway cannot use: Spring Boot prints its one-line reason (never a password)
 * and the shapes it takes, instead of a stack trace. Registered in {@code META-INF/spring.factories}.
 */
public final class RedisSettingsFailureAnalyzer extends AbstractFailureAnalyzer<RedisSettingException> {

    @Override
    protected FailureAnalysis analyze(Throwable rootFailure, RedisSettingException cause) {
        return new FailureAnalysis(cause.getMessage(), "Set REDIS_URL to redis://[user:password@]host:port/db "
                + "(rediss:// for TLS, with PORTCULLIS_REDIS_CA_FILE for a private authority), "
                + "redis+cluster://[user:password@]host1:port1,host2:port2, or "
                + "redis+sentinel://[user:password@]host1:26379,host2:26379/db?master=NAME; or unset it to keep state in memory.",
                null);
    }
}

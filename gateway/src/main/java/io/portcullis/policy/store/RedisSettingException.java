package io.portcullis.policy.store;

/**
 * A Redis setting ({@code REDIS_URL}, {@code PORTCULLIS_REDIS_CA_FILE}) the gateway cannot use; the message names the
 * setting and what is wrong with it, and never holds a password.
 */
public final class RedisSettingException extends IllegalArgumentException {

    public RedisSettingException(String message) {
        super(message);
    }

    static RedisSettingException url(String problem) {
        return new RedisSettingException("REDIS_URL: " + problem);
    }
}

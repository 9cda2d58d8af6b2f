package io.portcullis.gateway.store;

import io.portcullis.policy.store.RedisSettingException;
import io.portcullis.policy.store.RedisUrl;

import java.nio.file.Files;
import java.nio.file.Path;

/** {@code PORTCULLIS_REDIS_CA_FILE} ({@code portcullis.redis.ca-file}): the PEM authorities a {@code rediss://} server is checked against. */
public final class RedisCaFile {

    private RedisCaFile() {
    }

    /** The file, null when not set (the JDK's authorities); refused when unreadable or set for a plain-text URL. */
    public static Path of(String setting, RedisUrl url) {
        if (setting == null || setting.isBlank()) {
            return null;
        }
        if (!url.tls()) {
            throw new RedisSettingException("PORTCULLIS_REDIS_CA_FILE is set but REDIS_URL is not TLS (use rediss:// "
                    + "or rediss+cluster://)");
        }
        Path file = Path.of(setting);
        if (!Files.isReadable(file)) {
            throw new RedisSettingException("PORTCULLIS_REDIS_CA_FILE: cannot read " + file);
        }
        return file;
    }
}

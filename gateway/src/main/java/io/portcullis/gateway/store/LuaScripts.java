package io.portcullis.gateway.store;

import org.springframework.core.io.ClassPathResource;
import org.springframework.data.redis.core.script.RedisScript;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/** The gateway's Redis Lua scripts, read from the class path once, when the class holding them loads. */
public final class LuaScripts {

    private LuaScripts() {
    }

    /**
     * The script at class-path {@code resource}, read now. A script built on the resource itself would read it again
     * (a blocking file or jar read) to compute its SHA and whenever Redis answers {@code NOSCRIPT}, and would stat it
     * on every call to see if it changed: all on the event loop that sends the command.
     */
    public static <T> RedisScript<T> load(String resource, Class<T> resultType) {
        try (InputStream in = new ClassPathResource(resource).getInputStream()) {
            return RedisScript.of(new String(in.readAllBytes(), StandardCharsets.UTF_8), resultType);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + resource, e);
        }
    }
}

package io.portcullis.gateway.config;

import io.micrometer.core.instrument.MeterRegistry;
import io.portcullis.gateway.reload.PolicyHolder;
import io.portcullis.gateway.reload.ReloadHealthIndicator;
import io.portcullis.gateway.reload.SigningKeysHolder;
import io.portcullis.gateway.reload.SigningKeysWatcher;
import io.portcullis.gateway.tokens.JwksEndpoint;
import io.portcullis.gateway.tokens.SigningKeysLoader;
import io.portcullis.policy.token.JwtKeySettings;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Conditional;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.reactive.function.server.RouterFunction;
import org.springframework.web.reactive.function.server.ServerResponse;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;

/**
 * Wiring of the JWT signing keys (secret, key files or ephemeral, per tokens.algorithm), their JWKS endpoint, and,
 * with key files, their hot reload and its health component {@code signingKeys}.
 */
@Configuration(proxyBeanMethods = false)
public class KeysConfiguration {

    private static JwtKeySettings settings(PortcullisProperties properties) {
        PortcullisProperties.Jwt jwt = properties.jwt();
        return new JwtKeySettings(jwt.secret(), jwt.keys() == null ? null : jwt.keys().dir());
    }

    @Bean
    SigningKeysHolder signingKeysHolder(PortcullisProperties properties, PolicyHolder holder) {
        return new SigningKeysHolder(SigningKeysLoader.load(settings(properties), holder.current().policy().tokens().algorithm()));
    }

    @Bean
    RouterFunction<ServerResponse> jwksRoutes(SigningKeysHolder keys) {
        return new JwksEndpoint(keys::current).routes();
    }

    /** Only key files are re-read: the secret comes from the environment, which a running process never sees change. */
    @Configuration(proxyBeanMethods = false)
    @Conditional(KeysDirectorySet.class)
    static class KeysReload {

        @Bean
        SigningKeysWatcher signingKeysWatcher(PortcullisProperties properties, SigningKeysHolder keys, MeterRegistry metrics,
                                              Clock clock, @Value("${portcullis.policy.poll-interval:500ms}") Duration interval) {
            return new SigningKeysWatcher(Path.of(settings(properties).keysDir()), keys, metrics, interval, clock);
        }

        @Bean("signingKeys")
        ReloadHealthIndicator signingKeysHealthIndicator(SigningKeysWatcher watcher) {
            return new ReloadHealthIndicator(watcher::status,
                    "the newest edit of PORTCULLIS_JWT_KEYS_DIR was refused; the last good keys are serving");
        }
    }
}

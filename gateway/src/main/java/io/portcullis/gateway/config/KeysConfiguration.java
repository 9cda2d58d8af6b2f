package io.portcullis.gateway.config;

import io.portcullis.gateway.reload.PolicyHolder;
import io.portcullis.gateway.tokens.JwksEndpoint;
import io.portcullis.gateway.tokens.SigningKeysLoader;
import io.portcullis.policy.token.JwtKeySettings;
import io.portcullis.policy.token.SigningKeys;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.reactive.function.server.RouterFunction;
import org.springframework.web.reactive.function.server.ServerResponse;

/** Wiring of the JWT signing keys (secret, key files or ephemeral, per tokens.algorithm) and their JWKS endpoint. */
@Configuration(proxyBeanMethods = false)
public class KeysConfiguration {

    @Bean
    SigningKeys signingKeys(PortcullisProperties properties, PolicyHolder holder) {
        PortcullisProperties.Jwt jwt = properties.jwt();
        JwtKeySettings settings = new JwtKeySettings(jwt.secret(), jwt.keys() == null ? null : jwt.keys().dir());
        return SigningKeysLoader.load(settings, holder.current().policy().tokens().algorithm());
    }

    @Bean
    RouterFunction<ServerResponse> jwksRoutes(SigningKeys keys) {
        return new JwksEndpoint(keys).routes();
    }
}

package io.portcullis.gateway.config;

import io.portcullis.gateway.authn.ExternalTokens;
import io.portcullis.gateway.issuers.IssuerKeysFactory;
import io.portcullis.gateway.issuers.IssuerRegistry;
import io.portcullis.gateway.issuers.IssuersHealthIndicator;
import io.portcullis.gateway.issuers.PolicyIssuerKeys;
import io.portcullis.gateway.issuers.JwksKeys;
import io.portcullis.gateway.reload.PolicyHolder;
import io.portcullis.gateway.users.UserStores;
import io.portcullis.policy.parse.EnvironmentVariables;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.ConfigurableEnvironment;

import java.net.URI;
import java.time.Clock;
import java.util.Set;

/** External token issuers (DESIGN.md "External token issuers"): where their secrets and keys come from. */
@Configuration(proxyBeanMethods = false)
public class IssuerConfiguration {

    @Bean
    EnvironmentVariables environmentVariables(ConfigurableEnvironment environment) {
        return new SpringEnvironmentVariables(environment);
    }

    /**
     * HS256 secrets from {@code secret_env}; the lambda is the one place where a public-key issuer's ({@code jwks_url},
     * {@code discovery}) JWKS source is made and started (its first fetch runs in the background: until it succeeds
     * the issuer's tokens get 503 issuer_unavailable). A test may provide a {@code @Primary} {@link IssuerKeysFactory}
     * of its own.
     */
    @Bean
    PolicyIssuerKeys policyIssuerKeys(EnvironmentVariables env, Clock clock) {
        return new PolicyIssuerKeys(env, issuer -> {
            JwksKeys keys = new JwksKeys(issuer.id(), issuer.jwksUrl(),
                    issuer.discovery() ? URI.create(issuer.issuer()) : null, issuer.allowHttp(), issuer.jwksRefresh(),
                    Set.copyOf(issuer.algorithms()), clock);
            keys.start();
            return keys;
        });
    }

    @Bean(destroyMethod = "close")
    IssuerRegistry issuerRegistry(IssuerKeysFactory factory, PolicyHolder holder, Clock clock) {
        IssuerRegistry registry = new IssuerRegistry(factory, clock);
        registry.sync(holder.current().policy().issuers());
        return registry;
    }

    @Bean
    IssuersHealthIndicator issuersHealthIndicator(IssuerRegistry registry) {
        return new IssuersHealthIndicator(registry);
    }

    @Bean
    ExternalTokens externalTokens(IssuerRegistry registry, UserStores users) {
        return new ExternalTokens(registry, users);
    }
}

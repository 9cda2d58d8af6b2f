package io.portcullis.gateway.config;

import io.portcullis.gateway.authn.AuthenticationFilter;
import io.portcullis.gateway.authn.ExternalTokens;
import io.portcullis.gateway.authn.Authenticator;
import io.portcullis.gateway.authn.Authenticators;
import io.portcullis.gateway.authn.JwtAuthenticator;
import io.portcullis.gateway.authn.JwtVerifiers;
import io.portcullis.gateway.authz.PermissionFilter;
import io.portcullis.gateway.identity.IdentityHeadersFilter;
import io.portcullis.gateway.observe.RequestTracing;
import io.portcullis.gateway.reload.PolicyHolder;
import io.portcullis.gateway.reload.SigningKeysHolder;
import io.portcullis.gateway.route.PolicyRouteLocator;
import io.portcullis.gateway.route.RouteMatchFilter;
import io.portcullis.gateway.upstream.Forwarder;
import io.portcullis.gateway.users.UserStores;
import io.portcullis.gateway.web.ErrorHandler;
import io.portcullis.gateway.web.Phase;
import io.portcullis.gateway.web.Pipeline;
import io.portcullis.gateway.web.PublicPort;
import io.portcullis.policy.PolicySnapshot;
import io.portcullis.policy.parse.EnvironmentVariables;
import io.portcullis.policy.parse.InvalidPolicyException;
import io.portcullis.policy.parse.PolicyLoader;
import io.portcullis.policy.token.JwtIssuer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;

import java.nio.file.Path;
import java.time.Clock;
import java.util.List;

/** Wiring only: every bean of the pipeline, in one place. */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(PortcullisProperties.class)
public class GatewayConfiguration {

    private static final Logger log = LoggerFactory.getLogger(GatewayConfiguration.class);

    @Bean
    Clock clock() {
        return Clock.systemUTC();
    }

    @Bean
    PolicyHolder policyHolder(PortcullisProperties properties, EnvironmentVariables env) throws InvalidPolicyException {
        Path dir = Path.of(properties.policy().dir());
        // variables the policy names (secret_env, users.database_url_env) as Spring sees them: tests can set them
        PolicySnapshot snapshot = PolicyLoader.load(dir, env);
        log.info("policy loaded from {}: {} routes, {} users", dir.toAbsolutePath().normalize(),
                snapshot.policy().routes().size(), snapshot.users().all().size());
        return new PolicyHolder(snapshot);
    }

    @Bean
    JwtVerifiers jwtVerifiers(SigningKeysHolder keys, Clock clock) {
        return new JwtVerifiers(keys::current, clock);
    }

    @Bean
    JwtIssuer jwtIssuer(SigningKeysHolder keys, Clock clock) {
        return new JwtIssuer(keys::current, clock);
    }

    @Bean
    JwtAuthenticator jwtAuthenticator(JwtVerifiers verifiers, UserStores users, ExternalTokens externalTokens) {
        return new JwtAuthenticator(verifiers, users, externalTokens);
    }

    @Bean
    Authenticators authenticators(List<Authenticator> authenticators, PolicyHolder holder) {
        Authenticators provided = new Authenticators(authenticators);
        SchemeCheck.requireProvided(holder.current(), provided);
        return provided;
    }

    @Bean
    PublicPort publicPort() {
        return new PublicPort();
    }

    @Bean
    RouteMatchFilter routeMatchFilter(PolicyHolder holder) {
        return new RouteMatchFilter(holder);
    }

    @Bean
    AuthenticationFilter authenticationFilter(Authenticators authenticators) {
        return new AuthenticationFilter(authenticators);
    }

    @Bean
    PermissionFilter permissionFilter(Authenticators authenticators) {
        return new PermissionFilter(authenticators);
    }

    @Bean
    IdentityHeadersFilter identityHeadersFilter() {
        return new IdentityHeadersFilter();
    }

    @Bean
    PolicyRouteLocator policyRouteLocator(PolicyHolder holder) {
        return new PolicyRouteLocator(holder);
    }

    /** The public port's one web filter: runs every {@link Phase} bean (route, authenticate, permit, throttle, ...). */
    @Bean
    Pipeline pipeline(List<Phase> phases, PublicPort publicPort, ObjectProvider<RequestTracing> tracing,
                      ObjectProvider<Forwarder> forwarder) {
        List<? extends Phase> traced = tracing.getIfAvailable(() -> RequestTracing.OFF).traced(phases);
        Forwarder direct = forwarder.getIfAvailable();
        return direct == null ? new Pipeline(traced, publicPort) : new Pipeline(traced, publicPort, direct::takes, direct::forward);
    }

    @Bean
    ErrorHandler errorHandler() {
        return new ErrorHandler();
    }
}

package io.portcullis.gateway.config;

import io.micrometer.core.instrument.MeterRegistry;
import io.portcullis.gateway.authn.Authenticators;
import io.portcullis.gateway.issuers.IssuerRegistry;
import io.portcullis.gateway.reload.ReloadHealthIndicator;
import io.portcullis.gateway.reload.PolicyHolder;
import io.portcullis.gateway.reload.PolicyWatcher;
import io.portcullis.gateway.reload.SigningKeysHolder;
import io.portcullis.gateway.users.UserStores;
import io.portcullis.policy.parse.EnvironmentVariables;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;

/** Hot reload of the policy directory, and its health component. */
@Configuration(proxyBeanMethods = false)
public class ReloadConfiguration {

    @Bean
    PolicyWatcher policyWatcher(PortcullisProperties properties, PolicyHolder holder, Authenticators authenticators,
                                ApplicationEventPublisher events, MeterRegistry metrics, Clock clock, SigningKeysHolder keys,
                                EnvironmentVariables env, IssuerRegistry issuers, UserStores users,
                                @Value("${portcullis.policy.poll-interval:500ms}") Duration interval) {
        return new PolicyWatcher(Path.of(properties.policy().dir()), env, holder, snapshot -> {
            SchemeCheck.requireProvided(snapshot, authenticators);
            AlgorithmCheck.requireSame(snapshot, keys.current());
        }, snapshot -> {
            users.prepare(snapshot);
            // last: nothing after it may refuse the policy whose issuers' key sources it starts
            issuers.sync(snapshot.policy().issuers());
        }, events, metrics, interval, clock);
    }

    @Bean("policy")
    ReloadHealthIndicator policyHealthIndicator(PolicyWatcher watcher) {
        return new ReloadHealthIndicator(watcher::status, "the newest policy edit was refused; the last good policy is serving");
    }
}

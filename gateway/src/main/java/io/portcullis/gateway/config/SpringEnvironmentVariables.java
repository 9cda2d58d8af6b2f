package io.portcullis.gateway.config;

import io.portcullis.policy.parse.EnvironmentVariables;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.PropertySource;

/**
 * {@code secret_env} names looked up as the gateway's other settings are (arguments, system properties, then the
 * environment), reading each source's raw value: a secret is never run through placeholder resolution, where a
 * {@code ${} in it would be taken for a reference.
 */
final class SpringEnvironmentVariables implements EnvironmentVariables {

    private final ConfigurableEnvironment environment;

    SpringEnvironmentVariables(ConfigurableEnvironment environment) {
        this.environment = environment;
    }

    @Override
    public String get(String name) {
        for (PropertySource<?> source : environment.getPropertySources()) {
            Object value = source.getProperty(name);
            if (value != null) {
                return value.toString();
            }
        }
        return null;
    }
}

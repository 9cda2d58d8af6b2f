package io.portcullis.policy.parse;

/**
 * Where a policy's {@code secret_env} names are looked up: the process environment for the CLI, the gateway's
 * configuration (arguments, system properties, then the environment) for the gateway. Returns null when unset.
 */
@FunctionalInterface
public interface EnvironmentVariables {

    EnvironmentVariables SYSTEM = System::getenv;

    String get(String name);
}

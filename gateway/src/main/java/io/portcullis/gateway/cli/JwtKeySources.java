package io.portcullis.gateway.cli;

import io.portcullis.policy.parse.EnvironmentVariables;
import io.portcullis.policy.token.JwtKeySettings;

import java.util.Map;
import java.util.Properties;

/**
 * The JWT key settings the gateway is about to start with, read before Spring starts (with Spring's precedence:
 * arguments, then system properties, then the environment) so that unusable keys stop start-up with one line, as an
 * invalid policy does. Spring still loads and checks the keys itself; this only words the refusal early.
 */
public final class JwtKeySources {

    private static final String SECRET = "portcullis.jwt.secret";
    private static final String KEYS_DIR = "portcullis.jwt.keys.dir";

    private JwtKeySources() {
    }

    public static JwtKeySettings forGateway(String[] args, Properties system, Map<String, String> env) {
        return new JwtKeySettings(find(args, system, env, SECRET, "PORTCULLIS_JWT_SECRET"),
                find(args, system, env, KEYS_DIR, "PORTCULLIS_JWT_KEYS_DIR"));
    }

    /**
     * The issuers' {@code secret_env} names as the gateway will read them (an argument {@code --NAME=value}, then a
     * system property, then the environment), so that the check before start-up agrees with the gateway's own.
     */
    public static EnvironmentVariables variablesForGateway(String[] args, Properties system, Map<String, String> env) {
        return name -> find(args, system, env, name, name);
    }

    private static String find(String[] args, Properties system, Map<String, String> env, String property, String variable) {
        String value = null;
        for (String arg : args) {
            if (arg.startsWith("--" + property + "=")) {
                value = arg.substring(property.length() + 3); // the last one wins, as in Spring
            }
        }
        if (value != null) {
            return value;
        }
        return system.getProperty(property, env.get(variable));
    }
}

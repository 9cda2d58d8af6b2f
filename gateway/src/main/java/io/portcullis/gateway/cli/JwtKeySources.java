package io.portcullis.gateway.cli;

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

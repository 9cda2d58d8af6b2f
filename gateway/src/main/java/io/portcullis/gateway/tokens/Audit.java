package io.portcullis.gateway.tokens;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One structured event per login, refresh, reuse detection and revocation (logger {@code portcullis.audit}):
 * event, user, client IP, reason. Never a password or a token.
 */
public final class Audit {

    private static final Logger log = LoggerFactory.getLogger("portcullis.audit");

    private Audit() {
    }

    public static void event(String event, String user, String clientIp, String reason) {
        log.info("event={} user={} ip={} reason={}", event, quote(user), clientIp, reason);
    }

    /** Usernames come from clients: quoted and cut so they cannot forge log fields or lines. */
    private static String quote(String value) {
        if (value == null) {
            return "-";
        }
        String cut = value.length() > 64 ? value.substring(0, 64) + "..." : value;
        return '"' + cut.replaceAll("[\\p{Cntrl}\"\\\\]", "?") + '"';
    }
}

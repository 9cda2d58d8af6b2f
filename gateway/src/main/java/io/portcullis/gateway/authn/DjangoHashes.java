package io.portcullis.gateway.authn;

/** Django's password hashes, as Django verifies them (see DjangoPasswords). */
final class DjangoHashes {

    private DjangoHashes() {
    }

    static boolean isDjangoEncoded(String hash) {
        return false;
    }

    static boolean matches(String password, String hash) {
        return false;
    }

    /** What checking a password of an unknown user costs; always false. */
    static boolean dummyMatches(String password) {
        return false;
    }
}

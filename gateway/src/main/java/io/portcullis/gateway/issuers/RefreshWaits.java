package io.portcullis.gateway.issuers;

import java.time.Duration;

/**
 * How long an issuer waits before its next scheduled fetch: {@code refresh} after a success; after failures in a row
 * the first retry wait, doubled each time, never beyond {@code refresh}, nor beyond 30 s while no key was ever fetched
 * (the issuer's tokens get 503 until then). Used by one scheduling chain at a time.
 */
final class RefreshWaits {

    private static final Duration CAP_WITHOUT_KEYS = Duration.ofSeconds(30);
    private static final int MAX_DOUBLINGS = 20;

    private final Duration refresh;
    private final Duration firstRetry;
    private int failuresInARow;

    RefreshWaits(Duration refresh, Duration firstRetry) {
        this.refresh = refresh;
        this.firstRetry = firstRetry;
    }

    Duration afterSuccess() {
        failuresInARow = 0;
        return refresh;
    }

    Duration afterFailure(boolean haveKeys) {
        failuresInARow = Math.min(failuresInARow + 1, MAX_DOUBLINGS);
        Duration cap = !haveKeys && refresh.compareTo(CAP_WITHOUT_KEYS) > 0 ? CAP_WITHOUT_KEYS : refresh;
        Duration wait = firstRetry.multipliedBy(1L << (failuresInARow - 1));
        return wait.compareTo(cap) < 0 ? wait : cap;
    }
}

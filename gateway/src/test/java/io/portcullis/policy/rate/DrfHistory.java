package io.portcullis.policy.rate;

import java.util.LinkedList;

/** DRF's {@code SimpleRateThrottle.allow_request}, transcribed: the reference model the limiters are held to. */
public final class DrfHistory {

    private final int count;
    private final long periodMillis;
    private final LinkedList<Long> history = new LinkedList<>();

    public DrfHistory(int count, long periodMillis) {
        this.count = count;
        this.periodMillis = periodMillis;
    }

    /** Whether DRF admits a request at {@code nowMillis}; records it if so. */
    public boolean allow(long nowMillis) {
        while (!history.isEmpty() && history.getLast() <= nowMillis - periodMillis) {
            history.removeLast();
        }
        if (history.size() >= count) {
            return false;
        }
        history.addFirst(nowMillis);
        return true;
    }
}

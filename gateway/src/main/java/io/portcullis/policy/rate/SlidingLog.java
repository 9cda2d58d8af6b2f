package io.portcullis.policy.rate;

import java.util.Arrays;

/**
 * DRF's throttle history for one key: the times (ms) of the requests it admitted, oldest first, in a ring buffer.
 * Not thread-safe: {@link SlidingLogStore} guards it.
 */
final class SlidingLog {

    private static final int INITIAL = 4;

    private long[] times = new long[INITIAL];
    private int head;
    private int size;

    int size() {
        return size;
    }

    int capacity() {
        return times.length;
    }

    /** Drops the requests that left the window {@code (now - period, now]}, as DRF's {@code history.pop()}. */
    void prune(long now, long period) {
        while (size > 0 && times[head] <= now - period) {
            head = (head + 1) % times.length;
            size--;
        }
        if (times.length > INITIAL && size < times.length / 4) {
            resize(Math.max(INITIAL, times.length / 2));
        }
    }

    /** Keeps only the newest {@code count}: no decision at that rate ever reads older ones. */
    void keepNewest(int count) {
        if (size > count) {
            head = (head + size - count) % times.length;
            size = count;
        }
    }

    void add(long now) {
        if (size == times.length) {
            resize(times.length * 2);
        }
        times[(head + size) % times.length] = now;
        size++;
    }

    long oldest() {
        return newest(size - 1);
    }

    /** The {@code index}-th newest time, 0 being the newest. */
    long newest(int index) {
        return times[(head + size - 1 - index) % times.length];
    }

    private void resize(int capacity) {
        long[] next = new long[capacity];
        for (int i = 0; i < size; i++) {
            next[i] = times[(head + i) % times.length];
        }
        times = next;
        head = 0;
    }

    @Override
    public String toString() {
        long[] ordered = new long[size];
        for (int i = 0; i < size; i++) {
            ordered[i] = times[(head + i) % times.length];
        }
        return Arrays.toString(ordered);
    }
}

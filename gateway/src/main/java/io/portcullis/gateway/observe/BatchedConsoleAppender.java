package io.portcullis.gateway.observe;

import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.UnsynchronizedAppenderBase;
import ch.qos.logback.core.encoder.Encoder;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * Writes log lines to standard output in batches, for a log written once per request (the access log). Each event is
 * encoded on the caller's thread into a buffer in memory; a daemon thread writes the buffer every
 * {@code flushIntervalMillis} in one call. Nothing wakes that thread per event, so a request costs no hand-off to
 * another thread and no system call (logback's AsyncAppender wakes its worker per event, and its console appender
 * writes each line with its own system call: on one core, two context switches and a write per request).
 * <p>
 * Nothing is dropped: past {@code maxPendingBytes}, the caller writes the batch itself. Stopping the appender (Spring
 * Boot stops logging at shutdown) writes what is pending. Lines are written through {@link System#out}, whose lock
 * keeps them whole among the other console output.
 */
public final class BatchedConsoleAppender extends UnsynchronizedAppenderBase<ILoggingEvent> {

    private Encoder<ILoggingEvent> encoder;
    private long flushIntervalMillis = 100;
    private int maxPendingBytes = 4 << 20;
    private OutputStream target = System.out;

    private final Object bufferLock = new Object();
    private final Object writeLock = new Object();
    private ByteArrayOutputStream filling = new ByteArrayOutputStream(64 << 10); // guarded by bufferLock
    private ByteArrayOutputStream draining = new ByteArrayOutputStream(64 << 10); // guarded by writeLock
    private volatile Thread writer;

    public void setEncoder(Encoder<ILoggingEvent> encoder) {
        this.encoder = encoder;
    }

    public Encoder<ILoggingEvent> getEncoder() {
        return encoder;
    }

    public void setFlushIntervalMillis(long flushIntervalMillis) {
        this.flushIntervalMillis = flushIntervalMillis;
    }

    public long getFlushIntervalMillis() {
        return flushIntervalMillis;
    }

    public void setMaxPendingBytes(int maxPendingBytes) {
        this.maxPendingBytes = maxPendingBytes;
    }

    public int getMaxPendingBytes() {
        return maxPendingBytes;
    }

    /** Where the batches go; standard output unless a test says otherwise. */
    void setTarget(OutputStream target) {
        this.target = target;
    }

    @Override
    public void start() {
        if (encoder == null) {
            addError("No encoder set for the appender named \"" + name + "\".");
            return;
        }
        if (flushIntervalMillis <= 0 || maxPendingBytes <= 0) {
            addError("flushIntervalMillis and maxPendingBytes must be positive in the appender named \"" + name + "\".");
            return;
        }
        Thread thread = new Thread(this::writeEveryInterval, "log-writer-" + name);
        thread.setDaemon(true);
        writer = thread;
        super.start();
        thread.start();
    }

    @Override
    public void stop() {
        if (!isStarted()) {
            return;
        }
        super.stop();
        Thread thread = writer;
        writer = null;
        LockSupport.unpark(thread);
        try {
            thread.join(TimeUnit.SECONDS.toMillis(5));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        writePending();
    }

    @Override
    protected void append(ILoggingEvent event) {
        byte[] line = encoder.encode(event);
        boolean full;
        synchronized (bufferLock) {
            filling.writeBytes(line);
            full = filling.size() >= maxPendingBytes;
        }
        if (full) {
            writePending();
        }
    }

    private void writeEveryInterval() {
        long intervalNanos = TimeUnit.MILLISECONDS.toNanos(flushIntervalMillis);
        while (writer == Thread.currentThread()) {
            LockSupport.parkNanos(this, intervalNanos);
            writePending();
        }
    }

    /** Swaps the buffers, then writes the full one; one writer at a time, so batches leave in order. */
    private void writePending() {
        synchronized (writeLock) {
            ByteArrayOutputStream batch;
            synchronized (bufferLock) {
                if (filling.size() == 0) {
                    return;
                }
                batch = filling;
                filling = draining;
                draining = batch;
            }
            try {
                batch.writeTo(target);
                target.flush();
            } catch (IOException e) {
                addError("Could not write " + batch.size() + " bytes of log lines.", e);
            } finally {
                batch.reset();
            }
        }
    }
}

package io.portcullis.gateway.support;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * An upstream that never answers and records every byte that reaches it, and how many of its connections the gateway
 * closed: proof that a request was, or was not, forwarded even when its body never completed (WireMock only records
 * whole requests).
 */
public final class RecordingUpstream implements AutoCloseable {

    private final ServerSocket server;
    private final ByteArrayOutputStream received = new ByteArrayOutputStream();
    private final AtomicInteger connections = new AtomicInteger();
    private final AtomicInteger closedByGateway = new AtomicInteger();

    public RecordingUpstream() {
        try {
            server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Thread thread = new Thread(this::accept, "recording-upstream");
        thread.setDaemon(true);
        thread.start();
    }

    public String url() {
        return "http://127.0.0.1:" + server.getLocalPort();
    }

    /** Everything received so far, on every connection, as ISO-8859-1 text. */
    public String received() {
        synchronized (received) {
            return received.toString(StandardCharsets.ISO_8859_1);
        }
    }

    public int connections() {
        return connections.get();
    }

    public int closedByGateway() {
        return closedByGateway.get();
    }

    public void reset() {
        synchronized (received) {
            received.reset();
        }
        connections.set(0);
        closedByGateway.set(0);
    }

    private void accept() {
        while (!server.isClosed()) {
            try {
                Socket socket = server.accept();
                connections.incrementAndGet();
                Thread reader = new Thread(() -> record(socket), "recording-upstream-connection");
                reader.setDaemon(true);
                reader.start();
            } catch (IOException e) {
                // closed by the test
            }
        }
    }

    private void record(Socket socket) {
        try (socket; InputStream in = socket.getInputStream()) {
            byte[] chunk = new byte[8192];
            for (int n = in.read(chunk); n >= 0; n = in.read(chunk)) {
                synchronized (received) {
                    received.write(chunk, 0, n);
                }
            }
            closedByGateway.incrementAndGet();
        } catch (IOException e) {
            closedByGateway.incrementAndGet();
        }
    }

    @Override
    public void close() {
        try {
            server.close();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}

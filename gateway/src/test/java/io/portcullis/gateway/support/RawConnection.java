package io.portcullis.gateway.support;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;

/**
 * A raw client connection whose answer is read as it arrives, and whose end is observed: whether the server closed
 * (or reset) it, or left it open. {@link RawHttp} reads whole answers; this sees answers that stop half way.
 */
public final class RawConnection implements AutoCloseable {

    private static final int PATIENCE_MILLIS = 10_000;

    private final Socket socket;
    private final InputStream in;
    private final ByteArrayOutputStream received = new ByteArrayOutputStream();

    private RawConnection(Socket socket) throws IOException {
        this.socket = socket;
        this.in = socket.getInputStream();
    }

    /** Connects and sends {@code request} byte for byte (ISO-8859-1). */
    public static RawConnection send(int port, String request) {
        try {
            Socket socket = new Socket("127.0.0.1", port);
            socket.setSoTimeout(PATIENCE_MILLIS);
            socket.getOutputStream().write(request.getBytes(StandardCharsets.ISO_8859_1));
            socket.getOutputStream().flush();
            return new RawConnection(socket);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Reads until {@code text} has arrived, the connection ends or 10 s pass; what arrived so far. */
    public String readUntil(String text) {
        return readUntil(received -> received.contains(text));
    }

    /** Reads until what was received so far satisfies {@code done}, the server ends the connection, or 10 s pass. */
    public String readUntil(java.util.function.Predicate<String> done) {
        try {
            byte[] buffer = new byte[8192];
            while (!done.test(received())) {
                int n = in.read(buffer);
                if (n < 0) {
                    break;
                }
                received.write(buffer, 0, n);
            }
        } catch (IOException e) {
            // ended (reset) or timed out: the caller asserts on what arrived
        }
        return received();
    }

    /** Reads until the server ends the connection: true when it closed or reset it within 10 s, false if still open. */
    public boolean readToEnd() {
        try {
            in.transferTo(received);
            return true;
        } catch (SocketTimeoutException stillOpen) {
            return false;
        } catch (SocketException reset) {
            return true;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Every byte received so far, as ISO-8859-1 text. */
    public String received() {
        return received.toString(StandardCharsets.ISO_8859_1);
    }

    @Override
    public void close() {
        try {
            socket.close();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}

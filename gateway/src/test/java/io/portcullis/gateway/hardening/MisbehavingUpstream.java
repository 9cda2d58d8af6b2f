package io.portcullis.gateway.hardening;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

/**
 * A raw-socket upstream that misbehaves as the request path's last segment says (issue 13's faulty sockets); any
 * other path gets a well-formed {@code 200 ok} on a connection kept alive, so a broken connection the gateway reused
 * would show. The {@code *-then-reset} answers wait for {@link #reset()} before resetting, so a test can first see the
 * start of the answer reach its client.
 */
final class MisbehavingUpstream implements AutoCloseable {

    /** {@code half-body}: declares this many bytes, sends half of them and closes. */
    static final int DECLARED = 200_000;
    /** The one chunk, or the first bytes, sent before a reset. */
    static final String FIRST_BYTES = "0123456789";

    private final ServerSocket server;
    private final Semaphore resets = new Semaphore(0);

    MisbehavingUpstream() {
        try {
            server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Thread thread = new Thread(this::accept, "misbehaving-upstream");
        thread.setDaemon(true);
        thread.start();
    }

    int port() {
        return server.getLocalPort();
    }

    /** Lets one waiting {@code *-then-reset} answer reset its connection. */
    void reset() {
        resets.release();
    }

    private void accept() {
        while (!server.isClosed()) {
            try {
                Socket socket = server.accept();
                Thread connection = new Thread(() -> serve(socket), "misbehaving-upstream-connection");
                connection.setDaemon(true);
                connection.start();
            } catch (IOException e) {
                // closed by the test
            }
        }
    }

    private void serve(Socket socket) {
        try (socket) {
            InputStream in = socket.getInputStream();
            OutputStream out = socket.getOutputStream();
            for (String path = readPath(in); path != null; path = readPath(in)) {
                if (!answer(path.substring(path.lastIndexOf('/') + 1), socket, out)) {
                    return;
                }
            }
        } catch (IOException | InterruptedException e) {
            // the gateway went away, or this answer ended with a reset: either way this connection is over
        }
    }

    /** Writes the answer {@code fault} names; false when the connection must end after it. */
    private boolean answer(String fault, Socket socket, OutputStream out) throws IOException, InterruptedException {
        switch (fault) {
            case "half-body" -> {
                write(out, "HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nContent-Length: " + DECLARED + "\r\n\r\n");
                out.write(new byte[DECLARED / 2]);
            }
            case "chunked-then-reset" -> {
                write(out, "HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nTransfer-Encoding: chunked\r\n\r\n"
                        + Integer.toHexString(FIRST_BYTES.length()) + "\r\n" + FIRST_BYTES + "\r\n");
                resetWhenTold(socket);
            }
            case "length-then-reset" -> {
                // longer than the gateway reads whole before answering (Forwarder.WHOLE_ANSWER_LIMIT): it streams
                write(out, "HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nContent-Length: " + DECLARED + "\r\n\r\n"
                        + FIRST_BYTES);
                resetWhenTold(socket);
            }
            case "small-length-then-reset" -> {
                // short enough to be read whole before the gateway answers: it fails before anything was sent
                write(out, "HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nContent-Length: 1000\r\n\r\n" + FIRST_BYTES);
                socket.setSoLinger(true, 0);
                socket.close();
            }
            case "chunked-then-stall" -> {
                write(out, "HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nTransfer-Encoding: chunked\r\n\r\n"
                        + Integer.toHexString(FIRST_BYTES.length()) + "\r\n" + FIRST_BYTES + "\r\n");
                Thread.sleep(20_000); // sends nothing more, closes nothing: a stall, not a reset
            }
            case "split" -> {
                // a well-formed answer whose body follows its head a moment later, as an unbuffered server's does
                write(out, "HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nContent-Length: 2\r\n\r\n");
                Thread.sleep(20);
                write(out, "ok");
                return true;
            }
            case "not-http" -> write(out, "HELLO 200 WORLD\r\n\r\n");
            case "half-head" -> write(out, "HTTP/1.1 200 OK\r\nContent-Type: text/pl");
            default -> {
                write(out, "HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nContent-Length: 2\r\n\r\nok");
                return true;
            }
        }
        return false;
    }

    private static void write(OutputStream out, String text) throws IOException {
        out.write(text.getBytes(StandardCharsets.ISO_8859_1));
        out.flush();
    }

    /** A TCP reset (RST), not an orderly close (FIN): SO_LINGER 0 discards the connection. */
    private void resetWhenTold(Socket socket) throws IOException, InterruptedException {
        resets.tryAcquire(10, TimeUnit.SECONDS);
        socket.setSoLinger(true, 0);
        socket.close();
    }

    /** Reads one request head (no body: the tests only send GETs); its target's path, or null at the end of input. */
    private static String readPath(InputStream in) throws IOException {
        StringBuilder head = new StringBuilder();
        while (head.length() < 4 || !head.substring(head.length() - 4).equals("\r\n\r\n")) {
            int b = in.read();
            if (b < 0) {
                return null;
            }
            head.append((char) b);
        }
        String target = head.substring(head.indexOf(" ") + 1, head.indexOf(" ", head.indexOf(" ") + 1));
        int query = target.indexOf('?');
        return query < 0 ? target : target.substring(0, query);
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

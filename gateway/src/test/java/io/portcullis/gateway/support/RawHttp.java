package io.portcullis.gateway.support;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Sends a request exactly as written (no client-side normalisation of the path or headers) and reads the answer:
 * what an attacker's hand-crafted request looks like on the wire.
 */
public final class RawHttp {

    public record Response(int status, String head, String body) {
    }

    private static final Pattern CONTENT_LENGTH = Pattern.compile("(?i)\r\ncontent-length: *(\\d+)");

    private RawHttp() {
    }

    /**
     * Sends {@code request} byte for byte (ISO-8859-1, so {@code \u0000} is a NUL byte) and reads until the server
     * closes; status 0 when the server closed without answering.
     */
    public static Response sendExactly(int port, String request) {
        try (Socket socket = new Socket("127.0.0.1", port)) {
            socket.setSoTimeout(10_000);
            OutputStream out = socket.getOutputStream();
            out.write(request.getBytes(StandardCharsets.ISO_8859_1));
            out.flush();
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            try {
                socket.getInputStream().transferTo(bytes);
            } catch (java.net.SocketException reset) {
                // a reset after (or instead of) the answer: keep what arrived
            }
            return parse(bytes.toString(StandardCharsets.ISO_8859_1));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A slow client's answer, and how many body bytes it had sent when the answer began. */
    public record Dribbled(Response response, int sentWhenAnswered) {
    }

    /**
     * Sends {@code head} at once, then {@code body} one byte every {@code interval} (a client dribbling its body),
     * while reading the answer until the server closes; stops sending once the answer begins or the server closes.
     */
    public static Dribbled dribble(int port, String head, String body, Duration interval) {
        try (Socket socket = new Socket("127.0.0.1", port)) {
            socket.setSoTimeout(10_000);
            OutputStream out = socket.getOutputStream();
            out.write(head.getBytes(StandardCharsets.ISO_8859_1));
            out.flush();
            AtomicInteger sent = new AtomicInteger();
            AtomicBoolean answered = new AtomicBoolean();
            Thread sender = new Thread(() -> {
                try {
                    for (byte b : body.getBytes(StandardCharsets.ISO_8859_1)) {
                        Thread.sleep(interval.toMillis());
                        if (answered.get()) {
                            return;
                        }
                        out.write(b);
                        out.flush();
                        sent.incrementAndGet();
                    }
                } catch (IOException | InterruptedException e) {
                    // the server closed the connection: nothing more to send
                }
            }, "dribbling-client");
            sender.setDaemon(true);
            sender.start();
            InputStream in = socket.getInputStream();
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            int first = in.read();
            answered.set(true);
            int sentWhenAnswered = sent.get();
            if (first >= 0) {
                bytes.write(first);
                try {
                    in.transferTo(bytes);
                } catch (java.net.SocketException reset) {
                    // a reset after the answer: keep what arrived
                }
            }
            return new Dribbled(parse(bytes.toString(StandardCharsets.ISO_8859_1)), sentWhenAnswered);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Response parse(String text) {
        if (text.length() < 12) {
            return new Response(0, text, "");
        }
        int split = text.indexOf("\r\n\r\n");
        String head = split < 0 ? text : text.substring(0, split);
        String body = split < 0 ? "" : text.substring(split + 4);
        return new Response(Integer.parseInt(head.substring(9, 12)), head, body);
    }

    /**
     * Sends {@code requests} (each complete, with its own {@code Content-Length} body) one after the other on one kept-alive
     * connection, reading each answer (framed by {@code Content-Length}) before the next: their statuses, and 0 for
     * the first answer that does not come within 5 s (nothing is sent after it).
     */
    public static List<Integer> keptAlive(int port, List<String> requests) {
        List<Integer> statuses = new ArrayList<>();
        try (Socket socket = new Socket("127.0.0.1", port)) {
            socket.setSoTimeout(5_000);
            InputStream in = socket.getInputStream();
            for (String request : requests) {
                socket.getOutputStream().write(request.getBytes(StandardCharsets.ISO_8859_1));
                socket.getOutputStream().flush();
                int status = readFramedAnswer(in);
                statuses.add(status);
                if (status == 0) {
                    break;
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return statuses;
    }

    private static int readFramedAnswer(InputStream in) throws IOException {
        StringBuilder head = new StringBuilder();
        try {
            while (!head.toString().endsWith("\r\n\r\n")) {
                int b = in.read();
                if (b < 0) {
                    return 0;
                }
                head.append((char) b);
            }
            Matcher length = CONTENT_LENGTH.matcher(head);
            in.readNBytes(length.find() ? Integer.parseInt(length.group(1)) : 0);
        } catch (java.net.SocketTimeoutException e) {
            return 0;
        }
        return Integer.parseInt(head.substring(9, 12));
    }

    /** {@code requestLine} like {@code GET /a/../b HTTP/1.1}; {@code headers} each {@code Name: value}. */
    public static Response send(int port, String requestLine, String... headers) {
        StringBuilder request = new StringBuilder(requestLine).append("\r\nHost: 127.0.0.1:").append(port).append("\r\n");
        for (String header : headers) {
            request.append(header).append("\r\n");
        }
        request.append("Connection: close\r\n\r\n");
        try (Socket socket = new Socket("127.0.0.1", port)) {
            socket.setSoTimeout(10_000);
            OutputStream out = socket.getOutputStream();
            out.write(request.toString().getBytes(StandardCharsets.ISO_8859_1));
            out.flush();
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            socket.getInputStream().transferTo(bytes);
            return parse(bytes.toString(StandardCharsets.ISO_8859_1));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}

package io.portcullis.gateway.support;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A load balancer as small as a test needs: each accepted TCP connection goes to the next backend port in turn (HAProxy's
 * {@code balance roundrobin} per connection) and bytes are copied both ways until either side closes. Records which
 * backend each connection went to, in accept order.
 */
public final class RoundRobinProxy implements AutoCloseable {

    private final List<Integer> backends;
    private final ServerSocket server;
    private final AtomicInteger next = new AtomicInteger();
    private final List<Integer> routed = new CopyOnWriteArrayList<>();

    private RoundRobinProxy(List<Integer> backends) throws IOException {
        this.backends = List.copyOf(backends);
        this.server = new ServerSocket(0, 200, InetAddress.getLoopbackAddress());
        Thread acceptor = new Thread(this::accept, "round-robin-accept");
        acceptor.setDaemon(true);
        acceptor.start();
    }

    /** Listens on a free loopback port in front of {@code backendPorts}. */
    public static RoundRobinProxy start(List<Integer> backendPorts) {
        try {
            return new RoundRobinProxy(backendPorts);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public int port() {
        return server.getLocalPort();
    }

    /** The backend index (into the ports given) of every connection so far, in accept order. */
    public List<Integer> routed() {
        return List.copyOf(routed);
    }

    private void accept() {
        while (!server.isClosed()) {
            try {
                Socket client = server.accept();
                int index = Math.floorMod(next.getAndIncrement(), backends.size());
                routed.add(index);
                Socket backend = new Socket(InetAddress.getLoopbackAddress(), backends.get(index));
                pipe(client, backend, "to-backend-" + index);
                pipe(backend, client, "to-client-" + index);
            } catch (IOException e) {
                if (!server.isClosed()) {
                    throw new UncheckedIOException(e);
                }
            }
        }
    }

    /**
     * Copies {@code from} to {@code to}; at the end of {@code from} half-closes {@code to} (closing both once the
     * other direction has ended too), on an error closes both.
     */
    private static void pipe(Socket from, Socket to, String name) {
        Thread thread = new Thread(() -> {
            try {
                InputStream in = from.getInputStream();
                OutputStream out = to.getOutputStream();
                in.transferTo(out);
                to.shutdownOutput();
                if (from.isOutputShutdown()) {
                    closeQuietly(from);
                    closeQuietly(to);
                }
            } catch (IOException e) {
                closeQuietly(from);
                closeQuietly(to);
            }
        }, name);
        thread.setDaemon(true);
        thread.start();
    }

    private static void closeQuietly(Socket socket) {
        try {
            socket.close();
        } catch (IOException ignored) {
            // already closed by the other direction
        }
    }

    @Override
    public void close() throws IOException {
        server.close();
    }
}

package io.otp4j.persistence;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A TCP proxy on 127.0.0.1 in front of a database server, which can drop the server's next answer and cut that
 * connection, as a network or a proxy that fails after the server has done the work: the client sees its
 * connection lost without knowing whether its statement ran.
 */
final class CuttingProxy implements AutoCloseable {

    private final ServerSocket listener;
    private final InetSocketAddress target;
    private final AtomicBoolean cutNext = new AtomicBoolean();
    private final AtomicInteger cuts = new AtomicInteger();
    private final List<Socket> sockets = new CopyOnWriteArrayList<>();
    private final Thread acceptor;

    /** Listens on a free port of 127.0.0.1 and forwards every connection to {@code port} there. */
    CuttingProxy(int port) throws IOException {
        listener = new ServerSocket(0, 16, InetAddress.getLoopbackAddress());
        target = new InetSocketAddress(InetAddress.getLoopbackAddress(), port);
        acceptor = Thread.ofPlatform().name("cutting-proxy").daemon(true).start(this::accept);
    }

    /** {@return the port clients connect to} */
    int port() {
        return listener.getLocalPort();
    }

    /** Drops the next bytes any server sends and cuts that connection, both ways. */
    void cutNextAnswer() {
        cutNext.set(true);
    }

    /** {@return how many connections were cut} */
    int cuts() {
        return cuts.get();
    }

    private void accept() {
        while (!listener.isClosed()) {
            try {
                Socket client = listener.accept();
                Socket server = new Socket();
                server.connect(target, 5_000);
                sockets.add(client);
                sockets.add(server);
                Thread.ofPlatform().daemon(true).start(() -> pump(client, server, false));
                Thread.ofPlatform().daemon(true).start(() -> pump(server, client, true));
            } catch (IOException e) {
                // Closed, or the server refused: the client sees its connection fail.
            }
        }
    }

    /** Copies {@code from} to {@code to} until either closes; answers may be cut. */
    private void pump(Socket from, Socket to, boolean answers) {
        byte[] buffer = new byte[16 * 1024];
        try (InputStream in = from.getInputStream();
                OutputStream out = to.getOutputStream()) {
            for (int n; (n = in.read(buffer)) >= 0; ) {
                if (answers && cutNext.compareAndSet(true, false)) {
                    cuts.incrementAndGet();
                    break;
                }
                out.write(buffer, 0, n);
                out.flush();
            }
        } catch (IOException e) {
            // The other side closed: close both.
        } finally {
            closeQuietly(from);
            closeQuietly(to);
        }
    }

    private static void closeQuietly(Socket socket) {
        try {
            socket.close();
        } catch (IOException ignored) {
            // Closing is all that is left to do.
        }
    }

    /** Stops listening and closes every connection. */
    @Override
    public void close() throws IOException {
        listener.close();
        for (Socket socket : sockets) {
            closeQuietly(socket);
        }
        try {
            acceptor.join(5_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}

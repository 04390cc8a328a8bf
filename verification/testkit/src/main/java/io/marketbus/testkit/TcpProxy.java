package io.marketbus.testkit;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A TCP forwarder on a loopback port of its own in front of a real server (PostgreSQL, NATS), so a
 * test can take that server away from its clients and give it back without touching the server:
 * {@link #cut()} drops every open connection and refuses new ones (connection refused, as when the
 * host is down), {@link #restore()} listens again on the same port. Clients see a real outage of
 * any length; the server and its data stay as they were.
 */
public final class TcpProxy implements AutoCloseable {

    private final InetSocketAddress target;
    private final int port;
    private final Set<Socket> open = ConcurrentHashMap.newKeySet();
    private volatile ServerSocket listener;
    private volatile boolean closed;

    private TcpProxy(InetSocketAddress target, int port) {
        this.target = target;
        this.port = port;
    }

    /** Starts a proxy on a free loopback port forwarding to {@code host:port}. */
    public static TcpProxy to(String host, int port) {
        try {
            ServerSocket socket = bind(0);
            TcpProxy proxy = new TcpProxy(new InetSocketAddress(host, port), socket.getLocalPort());
            proxy.serve(socket);
            return proxy;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The loopback port clients connect to. */
    public int port() {
        return port;
    }

    /** Whether clients currently reach the server. */
    public boolean isCut() {
        return listener == null;
    }

    /** Drops every connection through the proxy and refuses new ones until {@link #restore()}. */
    public synchronized void cut() {
        ServerSocket current = listener;
        listener = null;
        closeQuietly(current);
        open.forEach(TcpProxy::closeQuietly);
        open.clear();
    }

    /** Accepts connections again, on the same port. */
    public synchronized void restore() {
        if (closed || listener != null) {
            return;
        }
        try {
            serve(bind(port));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot listen again on port " + port, e);
        }
    }

    @Override
    public synchronized void close() {
        closed = true;
        cut();
    }

    private static ServerSocket bind(int port) throws IOException {
        ServerSocket socket = new ServerSocket();
        socket.setReuseAddress(true); // the port is taken again right after a cut
        socket.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
        return socket;
    }

    private void serve(ServerSocket socket) {
        listener = socket;
        Thread.ofVirtual().name("tcp-proxy-" + port).start(() -> {
            while (listener == socket) {
                try {
                    Socket client = socket.accept();
                    Thread.ofVirtual().start(() -> forward(client));
                } catch (IOException e) {
                    return; // cut or closed
                }
            }
        });
    }

    private void forward(Socket client) {
        Socket server = new Socket();
        open.add(client);
        open.add(server);
        if (listener == null) { // a cut raced with this connection's accept
            closeQuietly(client);
            closeQuietly(server);
            return;
        }
        try {
            server.connect(target, 5_000);
            Thread.ofVirtual().start(() -> pipe(server, client));
            pipe(client, server);
        } catch (IOException e) {
            closeQuietly(client);
            closeQuietly(server);
        }
    }

    private void pipe(Socket from, Socket to) {
        byte[] buffer = new byte[16 * 1024];
        try (InputStream in = from.getInputStream(); OutputStream out = to.getOutputStream()) {
            int n;
            while ((n = in.read(buffer)) >= 0) {
                out.write(buffer, 0, n);
                out.flush();
            }
        } catch (IOException e) {
            // one side closed or was cut: close the other below
        } finally {
            closeQuietly(from);
            closeQuietly(to);
            open.remove(from);
            open.remove(to);
        }
    }

    private static void closeQuietly(AutoCloseable closeable) {
        if (closeable == null) {
            return;
        }
        try {
            closeable.close();
        } catch (Exception ignored) {
            // closing is all we want; a socket already closed is fine
        }
    }
}

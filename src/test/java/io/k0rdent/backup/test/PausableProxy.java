package io.k0rdent.backup.test;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A TCP proxy in front of a server, to make that server unreachable for a while: {@link #pause()} closes every connection
 * and the listening socket (a client's connects are refused, as when an API server restarts), {@link #resume()} listens
 * again on the same port.
 */
public final class PausableProxy implements AutoCloseable {

    private final int targetPort;
    private final int port;
    private final Set<Socket> open = ConcurrentHashMap.newKeySet();
    private volatile ServerSocket listening;

    public PausableProxy(int targetPort) throws IOException {
        this.targetPort = targetPort;
        this.port = OperatorProcess.freePort();
        resume();
    }

    public int port() {
        return port;
    }

    /** Listens (again) on {@link #port()}. */
    public synchronized void resume() throws IOException {
        if (listening != null) {
            return;
        }
        ServerSocket socket = new ServerSocket();
        socket.setReuseAddress(true);
        socket.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
        listening = socket;
        Thread accept = new Thread(() -> accept(socket), "proxy-accept-" + port);
        accept.setDaemon(true);
        accept.start();
    }

    /** Drops every connection and refuses new ones until {@link #resume()}. */
    public synchronized void pause() throws IOException {
        if (listening != null) {
            listening.close();
            listening = null;
        }
        for (Socket socket : open) {
            socket.close();
        }
        open.clear();
    }

    @Override
    public void close() throws IOException {
        pause();
    }

    private void accept(ServerSocket server) {
        while (!server.isClosed()) {
            try {
                Socket client = server.accept();
                open.add(client);
                try {
                    Socket target = new Socket(InetAddress.getLoopbackAddress(), targetPort);
                    open.add(target);
                    pipe(client, target);
                    pipe(target, client);
                } catch (IOException e) {
                    closeQuietly(client);
                }
            } catch (IOException e) {
                // closed by pause()
            }
        }
    }

    private void pipe(Socket from, Socket to) {
        Thread thread = new Thread(() -> {
            try (InputStream in = from.getInputStream(); OutputStream out = to.getOutputStream()) {
                in.transferTo(out);
            } catch (IOException e) {
                // one side closed
            } finally {
                closeQuietly(from);
                closeQuietly(to);
            }
        }, "proxy-pipe-" + port);
        thread.setDaemon(true);
        thread.start();
    }

    private void closeQuietly(Socket socket) {
        open.remove(socket);
        try {
            socket.close();
        } catch (IOException e) {
            // already closed
        }
    }
}

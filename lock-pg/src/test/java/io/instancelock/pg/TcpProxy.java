package io.instancelock.pg;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A TCP proxy in front of the test server that can stop forwarding (a frozen network: nothing is
 * closed, nothing gets through), cut every connection, and count round trips: a round trip starts
 * each time the client sends after the server has answered.
 */
public final class TcpProxy implements AutoCloseable {

    private final ServerSocket listener;
    private final int target;
    private final List<Socket> sockets = new CopyOnWriteArrayList<>();
    private final AtomicBoolean frozen = new AtomicBoolean();
    private final AtomicInteger roundTrips = new AtomicInteger();
    private final AtomicBoolean serverSpokeLast = new AtomicBoolean(true);

    public TcpProxy(int target) throws IOException {
        this.target = target;
        this.listener = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        Thread acceptor = new Thread(this::accept, "proxy-accept");
        acceptor.setDaemon(true);
        acceptor.start();
    }

    public int port() {
        return listener.getLocalPort();
    }

    /** Stops forwarding in both directions; connections stay open. */
    public void freeze() {
        frozen.set(true);
    }

    public void thaw() {
        frozen.set(false);
    }

    /** Closes every connection through the proxy (new ones are still accepted). */
    public void cut() {
        for (Socket socket : sockets) {
            try {
                socket.close();
            } catch (IOException ignored) {
                // closed
            }
        }
    }

    public int roundTrips() {
        return roundTrips.get();
    }

    public void resetCount() {
        roundTrips.set(0);
        serverSpokeLast.set(true);
    }

    private void accept() {
        while (!listener.isClosed()) {
            try {
                Socket client = listener.accept();
                Socket server = new Socket(InetAddress.getLoopbackAddress(), target);
                client.setTcpNoDelay(true);
                server.setTcpNoDelay(true);
                sockets.add(client);
                sockets.add(server);
                pump(client, server, true);
                pump(server, client, false);
            } catch (IOException e) {
                return;
            }
        }
    }

    private void pump(Socket from, Socket to, boolean fromClient) {
        Thread thread = new Thread(
                () -> {
                    byte[] buffer = new byte[65536];
                    try (InputStream in = from.getInputStream();
                            OutputStream out = to.getOutputStream()) {
                        int read;
                        while ((read = in.read(buffer)) >= 0) {
                            while (frozen.get()) {
                                Thread.sleep(5);
                            }
                            if (fromClient && serverSpokeLast.getAndSet(false)) {
                                roundTrips.incrementAndGet();
                            } else if (!fromClient) {
                                serverSpokeLast.set(true);
                            }
                            out.write(buffer, 0, read);
                            out.flush();
                        }
                    } catch (IOException | InterruptedException e) {
                        // the connection ended
                    } finally {
                        try {
                            from.close();
                            to.close();
                        } catch (IOException ignored) {
                            // closed
                        }
                    }
                },
                "proxy-pump");
        thread.setDaemon(true);
        thread.start();
    }

    @Override
    public void close() throws IOException {
        listener.close();
        cut();
    }
}

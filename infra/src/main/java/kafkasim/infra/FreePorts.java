package kafkasim.infra;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Picks free TCP ports on the loopback address. A port is free when a server socket could bind it a moment ago;
 * another process may still take it before the caller binds it, so callers that start servers should be ready to
 * retry with fresh ports. Within this JVM a port is not handed out again for {@link #QUARANTINE_NANOS} (a minute),
 * so several embedded services started at once cannot collide with each other.
 */
public final class FreePorts {
    /** How long a port handed out by this JVM is skipped by later picks. */
    static final long QUARANTINE_NANOS = 60_000_000_000L;
    /** Ports recently handed out by this JVM, with the time ({@link System#nanoTime()}) they were handed out. */
    private static final Map<Integer, Long> HANDED_OUT = new ConcurrentHashMap<>();
    private static final int MAX_ATTEMPTS = 50;

    private FreePorts() {
    }

    /** One free loopback port. */
    public static int pick() {
        return pick(1)[0];
    }

    /**
     * {@code n} distinct free loopback ports. All candidate sockets stay open until all are chosen, so the OS cannot
     * hand the same port out twice within one call.
     */
    public static int[] pick(int n) {
        if (n < 1) {
            throw new IllegalArgumentException("n must be at least 1, was " + n);
        }
        List<ServerSocket> open = new ArrayList<>();
        int[] ports = new int[n];
        int found = 0;
        long now = System.nanoTime();
        HANDED_OUT.values().removeIf(t -> now - t > QUARANTINE_NANOS);
        try {
            for (int attempt = 0; found < n; attempt++) {
                if (attempt >= n + MAX_ATTEMPTS) {
                    throw new IllegalStateException("could not find " + n + " free loopback ports after "
                            + attempt + " attempts");
                }
                ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
                open.add(socket);
                int port = socket.getLocalPort();
                if (HANDED_OUT.putIfAbsent(port, now) == null) {
                    ports[found++] = port;
                }
            }
            return ports;
        } catch (IOException e) {
            throw new UncheckedIOException("could not bind a loopback server socket to find a free port", e);
        } finally {
            for (ServerSocket socket : open) {
                try {
                    socket.close();
                } catch (IOException ignored) {
                    // nothing to do
                }
            }
        }
    }

    /** Whether a server socket can bind {@code port} on the loopback address right now. */
    public static boolean isFree(int port) {
        try (ServerSocket socket = new ServerSocket()) {
            socket.setReuseAddress(true);
            socket.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 1);
            return true;
        } catch (IOException e) {
            return false;
        }
    }
}

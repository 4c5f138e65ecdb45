package kafkasim.infra.net;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import org.netcrusher.core.reactor.NioReactor;
import org.netcrusher.core.throttle.Throttler;
import org.netcrusher.tcp.TcpCrusher;
import org.netcrusher.tcp.TcpCrusherBuilder;

/**
 * A TCP proxy on 127.0.0.1 between a broker and its clients, so that kafkasim can break the network between them
 * without root or {@code tc}: it {@link #delay delays} every chunk of bytes in both directions, {@link #partition
 * partitions} (holds every byte and every new connection, like a blackhole: TCP connections stall, then resume when
 * {@link #heal healed}), or {@link #dropConnections drops} every connection (reset) and refuses new ones until healed.
 *
 * <p>Built on NetCrusher's {@link TcpCrusher} (one NIO thread per proxy): it is the library made for this job
 * (freeze, close all pairs, per-buffer delay with back-pressure when its buffers are full). What kafkasim adds is a
 * delay that can be switched at run time and the states of a fault.
 */
public final class NetProxy implements AutoCloseable {
    public static final String HOST = "127.0.0.1";
    // NetCrusher's scheduler granularity: a delay is exact to about this
    private static final long REACTOR_TICK_MS = 5;
    private static final int BUFFER_COUNT = 64;
    private static final int BUFFER_BYTES = 64 * 1024;

    /** What the proxy does to the traffic now. */
    public enum Mode { PASS, DELAY, PARTITION, DROP }

    private final int port;
    private final int upstreamPort;
    private final NioReactor reactor;
    private final TcpCrusher crusher;
    private final SwitchableDelay delay = new SwitchableDelay();
    private Mode mode = Mode.PASS;

    private NetProxy(int port, int upstreamPort, NioReactor reactor, TcpCrusher crusher) {
        this.port = port;
        this.upstreamPort = upstreamPort;
        this.reactor = reactor;
        this.crusher = crusher;
    }

    /**
     * Listens on 127.0.0.1:{@code port} and forwards every connection to 127.0.0.1:{@code upstreamPort} (which need
     * not be up yet: a connection made before is closed).
     */
    public static NetProxy open(int port, int upstreamPort) {
        NioReactor reactor;
        try {
            reactor = new NioReactor(REACTOR_TICK_MS);
        } catch (IOException e) {
            throw new UncheckedIOException("could not start the proxy's NIO reactor: " + e.getMessage(), e);
        }
        NetProxy[] self = new NetProxy[1];
        try {
            TcpCrusher crusher = TcpCrusherBuilder.builder()
                    .withReactor(reactor)
                    .withBindAddress(HOST, port)
                    .withConnectAddress(HOST, upstreamPort)
                    .withTcpNoDelay(true) // the clients' own sockets set it; Nagle here would add latency
                    .withLingerMs(0) // a dropped connection is reset, as when a path between hosts breaks
                    .withBufferCount(BUFFER_COUNT)
                    .withBufferSize(BUFFER_BYTES)
                    .withIncomingThrottlerFactory(address -> bb -> self[0].delay.nextDelayNs())
                    .withOutgoingThrottlerFactory(address -> bb -> self[0].delay.nextDelayNs())
                    .build();
            self[0] = new NetProxy(port, upstreamPort, reactor, crusher);
            crusher.open();
            return self[0];
        } catch (RuntimeException e) {
            reactor.close();
            throw new IllegalStateException("could not open a proxy on " + HOST + ":" + port + " to port "
                    + upstreamPort + ": " + e.getMessage(), e);
        }
    }

    /** The port clients connect to. */
    public int port() {
        return port;
    }

    /** {@code 127.0.0.1:port}: the address clients are given. */
    public String address() {
        return HOST + ":" + port;
    }

    /** The port this proxy forwards to. */
    public int upstreamPort() {
        return upstreamPort;
    }

    public synchronized Mode mode() {
        return mode;
    }

    /** Connections through the proxy now. */
    public int connections() {
        return crusher.getClientTotalCount();
    }

    /**
     * Every chunk of bytes, in each direction, is held {@code delayMs} plus a uniform random 0..{@code jitterMs}
     * before it is passed on (so a request and its answer gain twice that). Order is kept: TCP cannot reorder.
     */
    public synchronized void delay(int delayMs, int jitterMs) {
        if (delayMs < 0 || jitterMs < 0) {
            throw new IllegalArgumentException("delayMs and jitterMs must be >= 0, got " + delayMs + ", " + jitterMs);
        }
        heal();
        delay.set(delayMs, jitterMs);
        mode = Mode.DELAY;
    }

    /**
     * Holds every byte and every new connection until {@link #heal}: the clients' connections stay open and stall,
     * as behind a blackhole; the kernel's buffers fill and the senders block (nothing is buffered without bound).
     */
    public synchronized void partition() {
        heal();
        crusher.freeze();
        mode = Mode.PARTITION;
    }

    /** Resets every connection and refuses new ones until {@link #heal}: the clients see the broker unreachable. */
    public synchronized void dropConnections() {
        heal();
        crusher.close();
        mode = Mode.DROP;
    }

    /** Back to passing bytes through unchanged. */
    public synchronized void heal() {
        switch (mode) {
            case DELAY -> delay.set(0, 0);
            case PARTITION -> crusher.unfreeze();
            case DROP -> crusher.open();
            case PASS -> {
            }
        }
        mode = Mode.PASS;
    }

    @Override
    public synchronized void close() {
        try {
            crusher.close();
        } finally {
            reactor.close();
        }
    }

    @Override
    public String toString() {
        return "NetProxy[" + address() + " -> " + HOST + ":" + upstreamPort + ", " + mode() + "]";
    }

    /** A delay switched at run time (NetCrusher's {@code DelayThrottler} is fixed when a connection opens). */
    static final class SwitchableDelay {
        private volatile long delayNs;
        private volatile long jitterNs;

        void set(int delayMs, int jitterMs) {
            jitterNs = TimeUnit.MILLISECONDS.toNanos(jitterMs);
            delayNs = TimeUnit.MILLISECONDS.toNanos(delayMs);
        }

        long nextDelayNs() {
            long d = delayNs;
            long j = jitterNs;
            if (d == 0 && j == 0) {
                return Throttler.NO_DELAY_NS;
            }
            return d + (j == 0 ? 0 : ThreadLocalRandom.current().nextLong(j + 1));
        }
    }
}

package kafkasim.infra.net;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.util.concurrent.TimeUnit;
import kafkasim.infra.FreePorts;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The proxy against a plain echo server on loopback: each fault does to a real TCP connection what it says. */
class NetProxyIT {
    private static ServerSocket echo;
    private static Thread acceptor;

    @BeforeAll
    static void startEcho() throws IOException {
        echo = new ServerSocket(0, 50, java.net.InetAddress.getLoopbackAddress());
        acceptor = new Thread(() -> {
            while (!echo.isClosed()) {
                try {
                    Socket s = echo.accept();
                    Thread t = new Thread(() -> echoAll(s), "echo");
                    t.setDaemon(true);
                    t.start();
                } catch (IOException closed) {
                    return;
                }
            }
        }, "echo-accept");
        acceptor.setDaemon(true);
        acceptor.start();
    }

    private static void echoAll(Socket s) {
        try (s; InputStream in = s.getInputStream(); OutputStream out = s.getOutputStream()) {
            byte[] buf = new byte[4096];
            for (int n; (n = in.read(buf)) >= 0; ) {
                out.write(buf, 0, n);
                out.flush();
            }
        } catch (IOException ignored) {
            // the client went away or was reset
        }
    }

    @AfterAll
    static void stopEcho() throws IOException {
        echo.close();
    }

    private static NetProxy proxy() {
        return NetProxy.open(FreePorts.pick(), echo.getLocalPort());
    }

    private static Socket connect(NetProxy p) throws IOException {
        Socket s = new Socket();
        s.connect(new InetSocketAddress(NetProxy.HOST, p.port()), 2000);
        s.setSoTimeout(10_000);
        return s;
    }

    private static byte roundTrip(Socket s, int b) throws IOException {
        s.getOutputStream().write(b);
        s.getOutputStream().flush();
        int got = s.getInputStream().read();
        if (got < 0) {
            throw new IOException("connection closed");
        }
        return (byte) got;
    }

    @Test
    void passesBytesThroughUnchanged() throws IOException {
        try (NetProxy p = proxy(); Socket s = connect(p)) {
            for (int i = 0; i < 100; i++) {
                assertEquals((byte) i, roundTrip(s, i));
            }
            assertEquals(1, p.connections());
            assertEquals(NetProxy.Mode.PASS, p.mode());
        }
    }

    @Test
    void delayHoldsEachDirectionThenHealRestoresPassThrough() throws IOException {
        try (NetProxy p = proxy(); Socket s = connect(p)) {
            roundTrip(s, 1);
            p.delay(300, 50);
            long t0 = System.nanoTime();
            assertEquals((byte) 2, roundTrip(s, 2));
            long rttMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0);
            // a lower bound: the bytes were held 300 ms on the way there and 300 ms on the way back
            assertTrue(rttMs >= 600, "round trip with 300 ms each way took only " + rttMs + " ms");
            p.heal();
            assertEquals(NetProxy.Mode.PASS, p.mode());
            assertEquals((byte) 3, roundTrip(s, 3));
        }
    }

    @Test
    void partitionStallsConnectionsWithoutClosingThemUntilHealed() throws IOException {
        try (NetProxy p = proxy(); Socket s = connect(p)) {
            roundTrip(s, 1);
            p.partition();
            s.setSoTimeout(1500);
            s.getOutputStream().write(42);
            s.getOutputStream().flush();
            assertThrows(SocketTimeoutException.class, () -> s.getInputStream().read(),
                    "a byte crossed a partitioned proxy");
            // a new connection is not served either (its connect may succeed in the kernel's backlog)
            Socket late = new Socket();
            late.connect(new InetSocketAddress(NetProxy.HOST, p.port()), 2000);
            late.setSoTimeout(1500);
            late.getOutputStream().write(7);
            assertThrows(SocketTimeoutException.class, () -> late.getInputStream().read());
            p.heal();
            s.setSoTimeout(10_000);
            late.setSoTimeout(10_000);
            assertEquals(42, s.getInputStream().read(), "the byte held during the partition arrives after it");
            assertEquals(7, late.getInputStream().read(), "the connection made during the partition is served");
            late.close();
        }
    }

    @Test
    void dropResetsConnectionsAndRefusesNewOnesUntilHealed() throws IOException {
        try (NetProxy p = proxy(); Socket s = connect(p)) {
            roundTrip(s, 1);
            p.dropConnections();
            assertThrows(IOException.class, () -> {
                // the reset shows on the next read or the write after it
                roundTrip(s, 2);
                roundTrip(s, 3);
            });
            assertThrows(ConnectException.class, () -> connect(p), "a dropped proxy accepted a connection");
            p.heal();
            try (Socket again = connect(p)) {
                assertEquals((byte) 4, roundTrip(again, 4));
            }
        }
    }
}

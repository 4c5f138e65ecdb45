package kafkasim.infra;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.util.Arrays;
import java.util.HashSet;
import java.util.Set;

import org.junit.jupiter.api.Test;

class FreePortsTest {

    @Test
    void pickReturnsABindableLoopbackPort() throws IOException {
        int port = FreePorts.pick();
        assertTrue(port > 0 && port < 65536, "port " + port);
        try (ServerSocket socket = new ServerSocket(port, 1, InetAddress.getLoopbackAddress())) {
            assertEquals(port, socket.getLocalPort());
        }
    }

    @Test
    void pickNReturnsDistinctPorts() {
        int[] ports = FreePorts.pick(20);
        assertEquals(20, ports.length);
        Set<Integer> distinct = new HashSet<>();
        Arrays.stream(ports).forEach(distinct::add);
        assertEquals(20, distinct.size(), Arrays.toString(ports));
        for (int port : ports) {
            assertTrue(FreePorts.isFree(port), "port " + port + " should be free");
        }
    }

    @Test
    void portsAreNotHandedOutTwiceInAMinute() {
        Set<Integer> seen = new HashSet<>();
        for (int i = 0; i < 50; i++) {
            for (int port : FreePorts.pick(2)) {
                assertTrue(seen.add(port), "port " + port + " was handed out twice");
            }
        }
    }

    @Test
    void isFreeSeesABoundPort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            assertFalse(FreePorts.isFree(socket.getLocalPort()));
        }
    }

    @Test
    void rejectsNonPositiveCounts() {
        assertThrows(IllegalArgumentException.class, () -> FreePorts.pick(0));
    }
}

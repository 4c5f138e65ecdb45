package kafkasim.generator.transport;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;

/**
 * What every {@link Transport} promises the worker, checked on a real broker with a reader that shares no code with
 * the transport (a plain consumer, {@code mosquitto_sub}): publish, acknowledge, report errors through the
 * completion, complete everything in flight when closed, and survive a broker restart. A subclass per broker brings
 * the broker (one per test class) and the independent reader.
 */
public abstract class TransportContract {
    static final int PAYLOAD_BYTES = 64;

    /** A transport publishing to the broker under test; the test closes it. */
    protected abstract Transport newTransport(String clientId) throws Exception;

    /** Starts an independent reader of everything {@code devices} publish from now on. */
    protected abstract Reader newReader(List<DeviceAddress> devices) throws Exception;

    /** Stops the broker (its data is kept) and starts it again on the same address. */
    protected abstract void restartBroker() throws Exception;

    /** What a reader the transport does not share code with received. */
    public interface Reader extends AutoCloseable {
        /** The payloads received so far per device id, in arrival order (a copy). */
        Map<String, List<String>> received();

        /** Waits until {@code done} holds for what was received (or the timeout passed); returns what was received. */
        default Map<String, List<String>> await(Predicate<Map<String, List<String>>> done, Duration timeout)
                throws InterruptedException {
            long deadline = System.nanoTime() + timeout.toNanos();
            Map<String, List<String>> now = received();
            while (!done.test(now) && System.nanoTime() < deadline) {
                Thread.sleep(20); // the readers collect on their own threads; this only looks
                now = received();
            }
            return now;
        }

        /** Waits until {@code count} messages arrived in all. */
        default Map<String, List<String>> await(int count, Duration timeout) throws InterruptedException {
            return await(r -> r.values().stream().mapToInt(List::size).sum() >= count, timeout);
        }
    }

    /** Collects the outcome of every completion. */
    static final class Outcomes {
        final AtomicInteger acked = new AtomicInteger();
        final List<Throwable> errors = new CopyOnWriteArrayList<>();
        final Map<Integer, Integer> calls = new ConcurrentHashMap<>();

        Transport.Completion forMessage(int id) {
            return error -> {
                calls.merge(id, 1, Integer::sum);
                if (error == null) {
                    acked.incrementAndGet();
                } else {
                    errors.add(error);
                }
            };
        }

        int completed() {
            return calls.size();
        }

        boolean eachOnce() {
            return calls.values().stream().allMatch(c -> c == 1);
        }
    }

    static List<DeviceAddress> devices(String prefix, int n) {
        List<DeviceAddress> devices = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            devices.add(DeviceAddress.of("contract", prefix + "-" + i));
        }
        return devices;
    }

    /** {@code deviceId:seq:} padded with dots to {@link #PAYLOAD_BYTES}, written into {@code buffer}. */
    static byte[] fill(byte[] buffer, DeviceAddress device, int seq) {
        Arrays.fill(buffer, (byte) '.');
        byte[] text = (device.deviceId() + ":" + seq + ":").getBytes(StandardCharsets.US_ASCII);
        System.arraycopy(text, 0, buffer, 0, text.length);
        return buffer;
    }

    /**
     * Publishes seqs {@code fromSeq}..{@code toSeq - 1} of every device, a round at a time, from one buffer reused
     * as the worker reuses it; message ids count on from {@code firstId}. Returns the next id.
     */
    static int publishRounds(Transport transport, List<DeviceAddress> devices, int fromSeq, int toSeq,
                             Outcomes outcomes, int firstId) {
        byte[] buffer = new byte[PAYLOAD_BYTES];
        int id = firstId;
        for (int seq = fromSeq; seq < toSeq; seq++) {
            for (DeviceAddress d : devices) {
                transport.publish(d, fill(buffer, d, seq), outcomes.forMessage(id++));
            }
        }
        return id;
    }

    static String payload(DeviceAddress device, int seq) {
        return new String(fill(new byte[PAYLOAD_BYTES], device, seq), StandardCharsets.US_ASCII);
    }

    @Test
    void publishesEveryMessageInOrderAndAcknowledgesEachOnce() throws Exception {
        List<DeviceAddress> devices = devices("order", 5);
        int perDevice = 40;
        Outcomes outcomes = new Outcomes();
        try (Reader reader = newReader(devices)) {
            Transport transport = newTransport("contract-order");
            transport.attach(devices);
            publishRounds(transport, devices, 0, perDevice, outcomes, 0);
            transport.close(Duration.ofSeconds(30));
            assertEquals(List.of(), outcomes.errors);
            assertEquals(devices.size() * perDevice, outcomes.acked.get());
            assertTrue(outcomes.eachOnce(), "a completion ran twice: " + outcomes.calls);

            Map<String, List<String>> received = reader.await(devices.size() * perDevice, Duration.ofSeconds(30));
            for (DeviceAddress d : devices) {
                List<String> expected = new ArrayList<>();
                for (int seq = 0; seq < perDevice; seq++) {
                    expected.add(payload(d, seq));
                }
                assertEquals(expected, received.get(d.deviceId()), "what " + d.deviceId() + " published, in order");
            }
        }
    }

    @Test
    void publishAfterCloseCompletesWithAnErrorInsteadOfThrowing() throws Exception {
        List<DeviceAddress> devices = devices("closed", 1);
        Transport transport = newTransport("contract-closed");
        transport.attach(devices);
        transport.close(Duration.ofSeconds(10));
        Outcomes outcomes = new Outcomes();
        awaitCompleted(outcomes, publishRounds(transport, devices, 0, 1, outcomes, 0));
        assertEquals(1, outcomes.errors.size(), "one failed completion");
        assertEquals(0, outcomes.acked.get());
    }

    @Test
    void closeCompletesEveryMessageInFlightAndEveryAcknowledgedOneArrived() throws Exception {
        List<DeviceAddress> devices = devices("inflight", 20);
        int perDevice = 100;
        Outcomes outcomes = new Outcomes();
        try (Reader reader = newReader(devices)) {
            Transport transport = newTransport("contract-inflight");
            transport.attach(devices);
            int id = publishRounds(transport, devices, 0, perDevice, outcomes, 0);
            transport.close(Duration.ofSeconds(30)); // right away: most of them are still in flight
            assertEquals(id, outcomes.completed(), "every message completed when close returned");
            assertTrue(outcomes.eachOnce());
            Map<String, List<String>> received = reader.await(outcomes.acked.get(), Duration.ofSeconds(30));
            int total = received.values().stream().mapToInt(List::size).sum();
            assertTrue(total >= outcomes.acked.get(), "acknowledged " + outcomes.acked.get() + ", received " + total);
        }
    }

    /**
     * After a broker restart the transport reconnects by itself: publishes during the outage complete (acknowledged
     * or failed, each once, never thrown), and once the broker is back every device's messages are acknowledged
     * again and arrive.
     */
    @Test
    void aPublisherReconnectsAfterABrokerRestart() throws Exception {
        List<DeviceAddress> devices = devices("restart", 3);
        Outcomes outcomes = new Outcomes();
        Transport transport = newTransport("contract-restart");
        try {
            transport.attach(devices);
            int id = publishRounds(transport, devices, 0, 1, outcomes, 0);
            awaitCompleted(outcomes, id);
            assertEquals(devices.size(), outcomes.acked.get(), "connected and acknowledged before the restart");
            restartBroker();
            try (Reader reader = newReader(devices)) {
                // one message per device and round until a whole round is acknowledged: the devices are back
                int seq = 0;
                long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
                boolean back = false;
                while (!back && System.nanoTime() < deadline) {
                    seq++;
                    int ackedBefore = outcomes.acked.get();
                    id = publishRounds(transport, devices, seq, seq + 1, outcomes, id);
                    awaitCompleted(outcomes, id);
                    back = outcomes.acked.get() - ackedBefore == devices.size();
                    if (!back) {
                        Thread.sleep(200); // the outage is the broker's: give its reconnect time
                    }
                }
                assertTrue(back, "not every device was acknowledged again within 60 s: " + outcomes.errors);
                transport.close(Duration.ofSeconds(30));
                transport = null;
                assertTrue(outcomes.eachOnce(), "a completion ran twice");
                int last = seq;
                Map<String, List<String>> received = reader.await(r -> devices.stream().allMatch(d ->
                        r.getOrDefault(d.deviceId(), List.of()).contains(payload(d, last))), Duration.ofSeconds(30));
                for (DeviceAddress d : devices) {
                    assertTrue(received.getOrDefault(d.deviceId(), List.of()).contains(payload(d, last)),
                            d.deviceId() + "'s acknowledged message after the restart arrived: " + received);
                }
            }
        } finally {
            if (transport != null) {
                transport.close(Duration.ZERO);
            }
        }
    }

    private static void awaitCompleted(Outcomes outcomes, int count) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (outcomes.completed() < count && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
        assertEquals(count, outcomes.completed(), "every publish completed");
    }
}

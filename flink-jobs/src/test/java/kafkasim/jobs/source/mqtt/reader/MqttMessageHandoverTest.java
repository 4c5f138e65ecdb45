package kafkasim.jobs.source.mqtt.reader;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class MqttMessageHandoverTest {
    private static ReceivedMessage message(int n) {
        return new ReceivedMessage("t/" + n, new byte[] {(byte) n}, null);
    }

    /** A callback thread putting {@code message}; {@link #result} completes with what put returned. */
    private static final class Putter extends Thread {
        final CompletableFuture<Boolean> result = new CompletableFuture<>();
        private final MessageHandover handover;
        private final ReceivedMessage message;

        Putter(MessageHandover handover, ReceivedMessage message) {
            this.handover = handover;
            this.message = message;
            setDaemon(true);
            start();
        }

        @Override
        public void run() {
            result.complete(handover.put(message));
        }

        /** Waits until the thread parks in the full queue (it never completes on its own then). */
        void awaitBlocked() throws InterruptedException {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (getState() != State.WAITING) {
                assertFalse(result.isDone(), "put returned " + result.getNow(null) + " instead of waiting");
                assertTrue(System.nanoTime() < deadline, "the putting thread never blocked: " + getState());
                Thread.sleep(5);
            }
        }
    }

    @Test
    void aFullQueueBlocksTheCallbackThreadUntilTheTaskTakesAMessage() throws Exception {
        MessageHandover handover = new MessageHandover(2);
        CompletableFuture<Void> available = handover.availability();
        assertFalse(available.isDone());
        assertTrue(handover.put(message(1)));
        assertTrue(available.isDone(), "a message makes the task available");
        assertTrue(handover.put(message(2)));

        Putter third = new Putter(handover, message(3));
        third.awaitBlocked();
        assertFalse(third.result.isDone());
        assertEquals("t/1", handover.poll().topic());
        assertTrue(third.result.get(10, TimeUnit.SECONDS));
        assertEquals("t/2", handover.poll().topic());
        assertEquals("t/3", handover.poll().topic());
        assertNull(handover.poll());
    }

    @Test
    void closingReleasesAWaitingCallbackThreadAndDropsLaterMessages() throws Exception {
        MessageHandover handover = new MessageHandover(1);
        assertTrue(handover.put(message(1)));
        Putter blocked = new Putter(handover, message(2));
        blocked.awaitBlocked();
        handover.close();
        assertFalse(blocked.result.get(10, TimeUnit.SECONDS), "released, the message dropped");
        assertFalse(handover.put(message(3)));
        assertEquals("t/1", handover.poll().topic());
        assertNull(handover.poll());
    }

    @Test
    void aConnectionFailureWakesTheTaskAndIsThrownThere() {
        MessageHandover handover = new MessageHandover(4);
        CompletableFuture<Void> available = handover.availability();
        IllegalStateException cause = new IllegalStateException("refused");
        handover.fail(cause);
        assertTrue(available.isDone());
        assertTrue(handover.availability().isDone());
        IOException thrown = assertThrows(IOException.class, handover::poll);
        assertSame(cause, thrown.getCause());
        handover.fail(new IllegalStateException("second"));
        assertSame(cause, assertThrows(IOException.class, handover::poll).getCause(), "the first failure wins");
    }
}

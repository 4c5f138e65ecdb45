package kafkasim.jobs.source.mqtt.reader;

import java.io.IOException;
import java.util.concurrent.CompletableFuture;
import org.apache.flink.connector.base.source.reader.synchronization.FutureCompletingBlockingQueue;

/**
 * Hands messages from the reader's callback thread (the one thread the MQTT clients deliver on) to the task thread
 * through a bounded queue. A full queue blocks the callback thread, never a Netty event loop: the clients then
 * stop taking messages from their connections, which leaves them unacknowledged, and the broker stops sending once
 * the receive maximum is reached. A connection's unrecoverable failure is kept here and thrown on the task thread.
 */
final class MessageHandover {
    /** Messages, not bytes: a few MB at kafkasim's envelope sizes, and a few checkpoints' worth at its rates. */
    static final int CAPACITY = 10_000;
    private static final int CALLBACK_THREAD = 0;

    private final FutureCompletingBlockingQueue<ReceivedMessage> queue;
    private volatile boolean closed;
    private volatile Throwable failure;

    MessageHandover(int capacity) {
        queue = new FutureCompletingBlockingQueue<>(capacity);
    }

    /**
     * Callback thread: queues {@code message}, waiting while the queue is full. Returns false when the handover was
     * closed (the message is dropped; unacknowledged, it stays with the broker).
     */
    boolean put(ReceivedMessage message) {
        if (closed) {
            return false;
        }
        try {
            return queue.put(CALLBACK_THREAD, message);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** Task thread: the next message, or null if there is none now; throws what made a connection fail. */
    ReceivedMessage poll() throws IOException {
        Throwable cause = failure;
        if (cause != null) {
            throw new IOException(cause.getMessage(), cause);
        }
        return queue.poll();
    }

    boolean isEmpty() {
        return queue.isEmpty();
    }

    int size() {
        return queue.size();
    }

    /** Completes when a message arrives or a failure is reported. */
    CompletableFuture<Void> availability() {
        return failure != null ? FutureCompletingBlockingQueue.AVAILABLE : queue.getAvailabilityFuture();
    }

    /** Any thread: makes the task fail with {@code cause} (the first failure wins). */
    void fail(Throwable cause) {
        if (failure == null && !closed) {
            failure = cause;
            queue.notifyAvailable();
        }
    }

    /** Drops what arrives from now on and releases a callback thread waiting on a full queue. */
    void close() {
        closed = true;
        queue.wakeUpPuttingThread(CALLBACK_THREAD);
    }
}

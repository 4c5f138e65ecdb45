package kafkasim.generator.logging;

import ch.qos.logback.core.OutputStreamAppender;
import java.io.IOException;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;
import kafkasim.logtopic.LogTopicPublisher;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one background thread of a {@link SimLog}: drains the queue in batches, encodes each record to JSON, hands
 * the line to the Logback appender (and the optional log topic publisher), and flushes once per batch. On stop it
 * drains what is left, writes the final record, closes the file and then the publisher.
 */
final class LogWriter implements Runnable {
    static final int MAX_BATCH = 256;
    /** How long an idle writer sleeps before giving the Kafka backlog another chance. */
    static final long IDLE_POLL_MS = 200;

    private static final Logger LOG = LoggerFactory.getLogger(LogWriter.class);

    private final BlockingQueue<LogRecord> queue;
    private final JsonLineEncoder encoder;
    private final OutputStreamAppender<byte[]> appender;
    private final LogTopicPublisher publisher; // null: file only
    private final String process; // the key of every published line
    private final AtomicLong dropped;
    private final Supplier<LogRecord> finalRecord;
    private final AtomicLong written = new AtomicLong();
    private volatile boolean stopRequested;

    LogWriter(BlockingQueue<LogRecord> queue, JsonLineEncoder encoder, OutputStreamAppender<byte[]> appender,
              LogTopicPublisher publisher, String process, AtomicLong dropped, Supplier<LogRecord> finalRecord) {
        this.queue = queue;
        this.encoder = encoder;
        this.appender = appender;
        this.publisher = publisher;
        this.process = process;
        this.dropped = dropped;
        this.finalRecord = finalRecord;
    }

    long written() {
        return written.get();
    }

    /** Must be called only after the last record has been offered: the writer stops once the queue is empty. */
    void requestStop() {
        stopRequested = true;
    }

    @Override
    public void run() {
        List<LogRecord> batch = new ArrayList<>(MAX_BATCH);
        try {
            while (true) {
                LogRecord first = queue.poll(IDLE_POLL_MS, TimeUnit.MILLISECONDS);
                if (first == null) {
                    if (stopRequested) {
                        break;
                    }
                    if (publisher != null) {
                        publisher.tick();
                    }
                    continue;
                }
                batch.add(first);
                queue.drainTo(batch, MAX_BATCH - 1);
                for (LogRecord record : batch) {
                    if (record != LogRecord.WAKE_UP) {
                        write(record, true);
                    }
                }
                batch.clear();
                flush();
                if (stopRequested && queue.isEmpty()) {
                    break;
                }
            }
        } catch (InterruptedException e) {
            // nobody interrupts the writer on purpose; finish as if stopped and count what is still queued as lost
            Thread.currentThread().interrupt();
            queue.drainTo(batch);
            batch.stream().filter(r -> r != LogRecord.WAKE_UP).forEach(r -> dropped.incrementAndGet());
        } finally {
            finish();
        }
    }

    private void finish() {
        try {
            write(finalRecord.get(), false);
            flush();
        } finally {
            appender.stop();
            if (publisher != null) {
                publisher.close();
            }
        }
    }

    private void write(LogRecord record, boolean counted) {
        try {
            byte[] line = encoder.encode(record);
            appender.doAppend(line);
            // a Logback appender stops itself on an I/O failure; the line is then lost, not written
            boolean ok = appender.isStarted();
            if (counted) {
                (ok ? written : dropped).incrementAndGet();
            }
            if (publisher != null) {
                publisher.publish(process, withoutNewline(line));
            }
        } catch (RuntimeException e) {
            if (counted) {
                dropped.incrementAndGet();
            }
            LOG.error("log record {} lost", record.seq(), e);
        }
    }

    /** The log topic's value of a line: the line without its trailing newline. */
    static byte[] withoutNewline(byte[] line) {
        int length = line.length > 0 && line[line.length - 1] == '\n' ? line.length - 1 : line.length;
        return Arrays.copyOf(line, length);
    }

    private void flush() {
        OutputStream out = appender.getOutputStream();
        if (out == null || !appender.isStarted()) {
            return;
        }
        try {
            out.flush();
        } catch (IOException e) {
            LOG.warn("flushing the log failed: {}", e.toString());
        }
    }
}

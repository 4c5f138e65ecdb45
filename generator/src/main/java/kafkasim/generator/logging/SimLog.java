package kafkasim.generator.logging;

import ch.qos.logback.core.ContextBase;
import ch.qos.logback.core.OutputStreamAppender;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import kafkasim.logtopic.LogTopicPublisher;

/**
 * A process's structured log: {@code log(level, topic, msg, data)} never blocks; a bounded queue feeds one writer
 * thread that writes {@code <logsDir>/<process>.jsonl} (and optionally the Kafka log topic).
 * <p>
 * Why not Logback's {@code AsyncAppender}: with {@code neverBlock=true} it drops silently, and drops must be counted
 * and visible as {@code seq} gaps. So the counted {@code offer()} and the writer thread are ours, while a Logback
 * {@code FileAppender} in a private {@link ContextBase} does the file I/O (global Logback config stays untouched).
 * <p>
 * {@code seq} and {@code ts} are assigned together with the offer in one tiny critical section (no I/O, no
 * waiting), so within a file seq and ts are both non-decreasing in line order, which {@link LogMerger} relies on;
 * ts is also clamped so a backwards wall-clock step cannot reorder it.
 */
public final class SimLog implements AutoCloseable {
    /** Upper bound for close(): drain, final record, flush, Kafka close. Fits in ParentWatch's exit grace. */
    public static final long CLOSE_TIMEOUT_MS = 2_500;
    public static final String LOG_TOPIC = "log";

    private static final AtomicReference<SimLog> PROCESS_LOG = new AtomicReference<>();

    private final LogConfig config;
    private final ArrayBlockingQueue<LogRecord> queue;
    private final AtomicLong dropped = new AtomicLong();
    private final LogTopicPublisher publisher; // null: file only
    private final LogWriter writer;
    private final Thread writerThread;
    private final Thread shutdownHook;
    private final Object offerLock = new Object();
    private long nextSeq;          // guarded by offerLock
    private long lastEpochMicros;  // guarded by offerLock
    private boolean closed;        // guarded by offerLock

    private SimLog(LogConfig config, OutputStream sinkOverride) {
        this.config = config;
        this.queue = new ArrayBlockingQueue<>(config.queueCapacity());
        ContextBase context = new ContextBase(); // private: status messages of our appenders stay here
        context.setName("simlog-" + config.process());
        OutputStreamAppender<byte[]> appender = sinkOverride == null
                ? LineAppenders.file(context, config.file())
                : LineAppenders.stream(context, sinkOverride);
        // openOrDiscard: a log topic that cannot be reached (even a bad address) must not stop the process logging
        this.publisher = config.kafkaBootstrap() == null ? null
                : LogTopicPublisher.openOrDiscard(config.logTopicSettings());
        JsonLineEncoder encoder = new JsonLineEncoder(config.process(), ProcessHandle.current().pid());
        this.writer = new LogWriter(queue, encoder, appender, publisher, config.process(), dropped,
                this::finalRecord);
        this.writerThread = new Thread(writer, "simlog-writer-" + config.process());
        writerThread.setDaemon(true); // never keeps the JVM alive; the shutdown hook drains it instead
        this.shutdownHook = new Thread(this::close, "simlog-shutdown-" + config.process());
        writerThread.start();
        try {
            Runtime.getRuntime().addShutdownHook(shutdownHook);
        } catch (IllegalStateException shutdownInProgress) {
            // opened while the JVM is exiting: whoever opened it must close it
        }
    }

    /** Opens an independent log writing {@link LogConfig#file()}. */
    public static SimLog open(LogConfig config) {
        return new SimLog(config, null);
    }

    /** Test hook: writes lines to {@code sink} instead of the file. */
    static SimLog openWithSink(LogConfig config, OutputStream sink) {
        return new SimLog(config, sink);
    }

    /** Opens the process-wide log; a process calls this once, early in main. */
    public static SimLog init(LogConfig config) {
        synchronized (PROCESS_LOG) {
            if (PROCESS_LOG.get() != null) {
                throw new IllegalStateException("SimLog.init was already called in this process");
            }
            SimLog log = open(config);
            PROCESS_LOG.set(log);
            return log;
        }
    }

    /** The process-wide log opened by {@link #init}. */
    public static SimLog get() {
        SimLog log = PROCESS_LOG.get();
        if (log == null) {
            throw new IllegalStateException("SimLog.init was not called in this process");
        }
        return log;
    }

    /**
     * Queues one record; never blocks and never throws for a full queue or a closed log (the record is then
     * counted in {@link #dropped()}). {@code data} (may be null) is serialized later on the writer thread, so the
     * caller must not mutate it afterwards (pass {@code Map.of(...)} or a fresh map).
     *
     * @return whether the record was queued
     */
    public boolean log(LogLevel level, String topic, String msg, Map<String, ?> data) {
        synchronized (offerLock) {
            if (closed) {
                dropped.incrementAndGet();
                return false;
            }
            long seq = nextSeq++;
            lastEpochMicros = Math.max(lastEpochMicros, nowEpochMicros());
            LogRecord record = new LogRecord(seq, lastEpochMicros, level == null ? LogLevel.INFO : level,
                    topic == null ? "" : topic, msg == null ? "" : msg, data);
            if (queue.offer(record)) {
                return true;
            }
            dropped.incrementAndGet();
            return false;
        }
    }

    public boolean debug(String topic, String msg, Map<String, ?> data) {
        return log(LogLevel.DEBUG, topic, msg, data);
    }

    public boolean info(String topic, String msg, Map<String, ?> data) {
        return log(LogLevel.INFO, topic, msg, data);
    }

    public boolean warn(String topic, String msg, Map<String, ?> data) {
        return log(LogLevel.WARN, topic, msg, data);
    }

    public boolean error(String topic, String msg, Map<String, ?> data) {
        return log(LogLevel.ERROR, topic, msg, data);
    }

    /** Records written to the file so far (the final "logger closed" record is not counted). */
    public long written() {
        return writer.written();
    }

    /** Records lost so far: queue full, logged after close, or a file write failure. */
    public long dropped() {
        return dropped.get();
    }

    /** Lines that could not be published to Kafka (0 when publishing is off). */
    public long publishErrors() {
        return publisher == null ? 0 : publisher.failures();
    }

    public LogConfig config() {
        return config;
    }

    /** The file this log writes (also when a test sink replaces it). */
    public Path file() {
        return config.file();
    }

    /**
     * Drains the queue, writes the final record, flushes and closes the file and the Kafka producer, waiting at
     * most {@link #CLOSE_TIMEOUT_MS}. Idempotent; also run by the JVM shutdown hook.
     */
    @Override
    public void close() {
        close(CLOSE_TIMEOUT_MS);
    }

    /** @return whether the writer finished within {@code timeoutMs} */
    boolean close(long timeoutMs) {
        boolean first;
        synchronized (offerLock) {
            first = !closed;
            closed = true;
        }
        if (first) {
            writer.requestStop();
            queue.offer(LogRecord.WAKE_UP); // if the queue is full the writer is busy and needs no wake-up
            unregisterShutdownHook();
        }
        try {
            writerThread.join(timeoutMs);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return !writerThread.isAlive();
    }

    /**
     * A handler that logs an uncaught exception at ERROR (topic "crash") and then passes it on to {@code next}
     * (or prints it like the JVM would). If the JVM then exits, the shutdown hook flushes the record.
     */
    public Thread.UncaughtExceptionHandler crashHandler(Thread.UncaughtExceptionHandler next) {
        return (thread, throwable) -> {
            StringWriter stack = new StringWriter();
            throwable.printStackTrace(new PrintWriter(stack));
            error("crash", "uncaught exception in thread " + thread.getName(), Map.of(
                    "thread", thread.getName(),
                    "exception", throwable.getClass().getName(),
                    "message", String.valueOf(throwable.getMessage()),
                    "stackTrace", stack.toString()));
            if (next != null) {
                next.uncaughtException(thread, throwable);
            } else {
                System.err.print("Exception in thread \"" + thread.getName() + "\" ");
                throwable.printStackTrace(System.err);
            }
        };
    }

    /** Installs {@link #crashHandler} as the default handler, chaining the previous default. */
    public void installCrashHandler() {
        Thread.setDefaultUncaughtExceptionHandler(crashHandler(Thread.getDefaultUncaughtExceptionHandler()));
    }

    private LogRecord finalRecord() {
        synchronized (offerLock) {
            long seq = nextSeq++;
            lastEpochMicros = Math.max(lastEpochMicros, nowEpochMicros());
            return new LogRecord(seq, lastEpochMicros, LogLevel.INFO, LOG_TOPIC, "logger closed",
                    Map.of("written", written(), "dropped", dropped()));
        }
    }

    private void unregisterShutdownHook() {
        if (Thread.currentThread() == shutdownHook) {
            return;
        }
        try {
            Runtime.getRuntime().removeShutdownHook(shutdownHook);
        } catch (IllegalStateException shutdownInProgress) {
            // the hook is running or about to; it finds the log already closed
        }
    }

    private static long nowEpochMicros() {
        Instant now = Instant.now();
        return now.getEpochSecond() * 1_000_000L + now.getNano() / 1_000;
    }
}

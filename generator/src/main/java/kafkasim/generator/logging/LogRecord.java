package kafkasim.generator.logging;

import java.util.Map;

/**
 * One queued log call. Only cheap fields are taken on the caller's thread; formatting and JSON happen on the
 * writer thread. {@code data} is serialized later, so callers must not mutate a map after handing it over.
 */
record LogRecord(long seq, long epochMicros, LogLevel level, String topic, String msg, Map<String, ?> data) {
    /** Offered by close() only to wake an idle writer; never written. */
    static final LogRecord WAKE_UP = new LogRecord(-1, 0, LogLevel.DEBUG, "", "", null);
}

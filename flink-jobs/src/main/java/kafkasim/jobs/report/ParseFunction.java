package kafkasim.jobs.report;

import java.io.Serializable;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.functions.RichFlatMapFunction;
import org.apache.flink.metrics.Counter;
import org.apache.flink.util.Collector;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns raw lines into values with a {@link Parser}: valid values go on, ignored lines vanish, malformed lines are
 * counted (Flink metric {@value #MALFORMED_METRIC} of this operator) and logged (the first
 * {@value #LOG_FIRST} in full, then every {@value #LOG_EVERY}th), and never fail the job.
 */
public final class ParseFunction<T> extends RichFlatMapFunction<String, T> {
    /** Name of the counter metric of malformed lines. */
    public static final String MALFORMED_METRIC = "malformedLines";
    static final int LOG_FIRST = 10;
    static final int LOG_EVERY = 1000;
    private static final long serialVersionUID = 1L;
    private static final Logger LOG = LoggerFactory.getLogger(ParseFunction.class);
    private static final int MAX_QUOTED_CHARS = 300;

    /** Parses one line; must never throw. */
    @FunctionalInterface
    public interface Parser<T> extends Serializable {
        ParseResult<T> parse(String line);
    }

    private final String what;
    private final Parser<T> parser;
    private transient Counter malformedCounter;
    private transient long malformed;

    /** {@code what} names the input in log messages, e.g. "log line". */
    public ParseFunction(String what, Parser<T> parser) {
        this.what = what;
        this.parser = parser;
    }

    @Override
    public void open(OpenContext openContext) {
        malformedCounter = getRuntimeContext().getMetricGroup().counter(MALFORMED_METRIC);
    }

    @Override
    public void flatMap(String line, Collector<T> out) {
        ParseResult<T> result = parser.parse(line);
        if (result instanceof ParseResult.Valid<T> valid) {
            out.collect(valid.value());
        } else if (result instanceof ParseResult.Malformed<T> bad) {
            malformed++;
            if (malformedCounter != null) {
                malformedCounter.inc();
            }
            if (malformed <= LOG_FIRST || malformed % LOG_EVERY == 0) {
                LOG.warn("skipped malformed {} #{}: {}; line: {}", what, malformed, bad.problem(), quote(line));
            }
        }
    }

    /** Malformed lines seen by this instance. */
    public long malformed() {
        return malformed;
    }

    private static String quote(String line) {
        if (line == null) {
            return "null";
        }
        return line.length() <= MAX_QUOTED_CHARS ? line : line.substring(0, MAX_QUOTED_CHARS) + "…";
    }
}

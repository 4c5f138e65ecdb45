package kafkasim.jobs.source;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import kafkasim.jobs.common.EnvelopeDecoder;
import org.apache.logging.log4j.Level;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.core.LogEvent;
import org.apache.logging.log4j.core.LoggerContext;
import org.apache.logging.log4j.core.appender.AbstractAppender;
import org.apache.logging.log4j.core.config.LoggerConfig;
import org.apache.logging.log4j.core.config.Property;

/**
 * What {@link EnvelopeDecoder} logs at WARN while it is open: the MiniCluster's tasks log through this JVM's log4j
 * context, so an appender added here sees them.
 */
final class DecoderLog extends AbstractAppender implements AutoCloseable {
    private final List<String> lines = new CopyOnWriteArrayList<>();
    private final LoggerContext context;
    private final LoggerConfig config;

    private DecoderLog() {
        super("envelope-decoder-capture", null, null, true, Property.EMPTY_ARRAY);
        context = (LoggerContext) LogManager.getContext(false);
        config = context.getConfiguration().getLoggerConfig(EnvelopeDecoder.class.getName());
    }

    static DecoderLog capture() {
        DecoderLog log = new DecoderLog();
        log.start();
        log.config.addAppender(log, Level.WARN, null);
        log.context.updateLoggers();
        return log;
    }

    @Override
    public void append(LogEvent event) {
        if (event.getLoggerName().equals(EnvelopeDecoder.class.getName())) {
            lines.add(event.getMessage().getFormattedMessage());
        }
    }

    /** The WARN lines so far. */
    List<String> lines() {
        return List.copyOf(lines);
    }

    @Override
    public void close() {
        config.removeAppender(getName());
        context.updateLoggers();
        stop();
    }
}

package kafkasim.generator.logging;

/** Severity of a {@link SimLog} record; written to the {@code level} field by name. */
public enum LogLevel {
    DEBUG, INFO, WARN, ERROR
}

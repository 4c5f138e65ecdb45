package kafkasim.generator.logging;

import ch.qos.logback.core.Context;
import ch.qos.logback.core.FileAppender;
import ch.qos.logback.core.OutputStreamAppender;
import ch.qos.logback.core.encoder.EncoderBase;
import ch.qos.logback.core.status.Status;
import ch.qos.logback.core.util.FileSize;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.io.IOException;
import java.nio.file.Path;

/**
 * Builds the Logback appenders that do a {@link SimLog}'s file I/O. They live in the SimLog's private
 * {@link Context} and carry already-encoded JSON lines, so the global Logback configuration is never touched.
 */
final class LineAppenders {
    /** Lines are buffered and flushed once per drained batch, not per line. */
    static final long FILE_BUFFER_BYTES = 64 * 1024;

    private LineAppenders() {
    }

    /** Appends to {@code file} (creating parent directories); fails loudly if the file cannot be opened. */
    static OutputStreamAppender<byte[]> file(Context context, Path file) {
        FileAppender<byte[]> appender = new FileAppender<>();
        appender.setContext(context); // before any setter: Logback prints to stdout when it has no context
        appender.setFile(file.toString());
        appender.setAppend(true);
        appender.setBufferSize(new FileSize(FILE_BUFFER_BYTES));
        return start(context, appender, "simlog-file");
    }

    /** Writes to a caller-supplied stream; tests use it to slow down or block the writer. */
    static OutputStreamAppender<byte[]> stream(Context context, OutputStream out) {
        OutputStreamAppender<byte[]> appender = new OutputStreamAppender<>();
        appender.setContext(context);
        appender.setOutputStream(out);
        return start(context, appender, "simlog-stream");
    }

    private static OutputStreamAppender<byte[]> start(Context context, OutputStreamAppender<byte[]> appender,
                                                      String name) {
        RawLineEncoder encoder = new RawLineEncoder();
        encoder.setContext(context);
        encoder.start();
        appender.setName(name);
        appender.setEncoder(encoder);
        appender.setImmediateFlush(false);
        appender.start();
        if (!appender.isStarted()) {
            throw new UncheckedIOException(new IOException("cannot start log appender: " + lastError(context)));
        }
        return appender;
    }

    private static String lastError(Context context) {
        String message = "unknown error";
        for (Status status : context.getStatusManager().getCopyOfStatusList()) {
            if (status.getLevel() == Status.ERROR) {
                Throwable cause = status.getThrowable();
                message = status.getMessage() + (cause == null ? "" : " (" + cause + ")");
            }
        }
        return message;
    }

    /** The lines arrive already encoded by {@link JsonLineEncoder}, so the Logback encoder passes them through. */
    static final class RawLineEncoder extends EncoderBase<byte[]> {
        @Override
        public byte[] headerBytes() {
            return null;
        }

        @Override
        public byte[] encode(byte[] line) {
            return line;
        }

        @Override
        public byte[] footerBytes() {
            return null;
        }
    }
}

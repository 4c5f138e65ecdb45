package kafkasim.generator.ipc;

import com.fasterxml.jackson.core.JsonProcessingException;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.function.Consumer;
import kafkasim.common.json.Json;

/**
 * The IPC of kafkasim: one JSON object per line over a child's stdin (commands down) and stdout (events up).
 * Pipes need no ports, and a parent's death closes them, which the child sees as end of input.
 */
public final class JsonLines {
    private final PrintStream out;

    public JsonLines(OutputStream out) {
        this.out = new PrintStream(out, false, StandardCharsets.UTF_8);
    }

    /** Writes one line and flushes; safe from several threads. Returns false once the pipe is broken. */
    public synchronized boolean send(Object message) {
        try {
            out.print(Json.mapper().writeValueAsString(message));
            out.print('\n');
            out.flush();
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
        return !out.checkError();
    }

    /**
     * Reads lines until end of input, handing each parsed message to {@code handler}; a malformed line goes to
     * {@code onBadLine} and reading continues.
     */
    public static <T> void readAll(InputStream in, Class<T> type, Consumer<T> handler, Consumer<String> onBadLine)
            throws IOException {
        BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
        String line;
        while ((line = reader.readLine()) != null) {
            if (line.isBlank()) {
                continue;
            }
            T message;
            try {
                message = Json.mapper().readValue(line, type);
            } catch (JsonProcessingException e) {
                onBadLine.accept(line);
                continue;
            }
            handler.accept(message);
        }
    }
}

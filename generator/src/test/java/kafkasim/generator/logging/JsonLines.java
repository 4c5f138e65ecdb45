package kafkasim.generator.logging;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;
import kafkasim.common.json.Json;

/** Test helper: parses JSON-lines text back with the project's strict mapper. */
final class JsonLines {
    private JsonLines() {
    }

    static List<JsonNode> read(Path file) throws IOException {
        return parse(Files.readString(file, StandardCharsets.UTF_8));
    }

    static List<JsonNode> parse(String text) {
        return text.lines().map(JsonLines::parseLine).collect(Collectors.toList());
    }

    static JsonNode parseLine(String line) {
        try {
            return Json.mapper().readTree(line);
        } catch (IOException e) {
            throw new UncheckedIOException("not JSON: " + line, e);
        }
    }
}

package kafkasim.common.scenario;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectReader;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import kafkasim.common.json.Json;

/** Reads, validates and completes a scenario file; the only way a {@link Scenario} enters the program. */
public final class ScenarioLoader {
    private static final ObjectReader READER = Json.mapper().readerFor(Scenario.class);

    private ScenarioLoader() {
    }

    /** Loads {@code file}; every problem is reported at once, each naming its field. */
    public static Scenario load(Path file) throws ScenarioException {
        String text;
        try {
            text = Files.readString(file);
        } catch (NoSuchFileException e) {
            throw new ScenarioException("scenario " + file, List.of("file not found: " + file));
        } catch (IOException e) {
            throw new ScenarioException("scenario " + file, List.of("cannot read " + file + ": " + e.getMessage()));
        }
        return parse(text, "scenario " + file);
    }

    /** Parses and validates scenario JSON text; {@code source} names it in messages. */
    public static Scenario parse(String json, String source) throws ScenarioException {
        if (json.isBlank()) {
            throw new ScenarioException(source, List.of("malformed JSON: the file is empty"));
        }
        Scenario raw;
        try {
            raw = READER.readValue(json);
        } catch (JsonProcessingException e) {
            throw new ScenarioException(source, List.of(JsonProblems.describe(e)));
        }
        List<String> problems = ScenarioValidator.validate(raw);
        if (!problems.isEmpty()) {
            throw new ScenarioException(source, problems);
        }
        return raw.withDefaults();
    }
}

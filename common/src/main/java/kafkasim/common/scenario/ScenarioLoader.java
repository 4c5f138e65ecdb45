package kafkasim.common.scenario;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectReader;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import kafkasim.common.json.Json;

/** Reads, validates and completes a scenario file; the only way a {@link Scenario} enters the program. */
public final class ScenarioLoader {
    private static final ObjectReader READER = Json.mapper().readerFor(Scenario.class);
    private static final Function<Scenario, List<String>> NO_MORE_CHECKS = s -> List.of();

    private ScenarioLoader() {
    }

    /** Loads {@code file}; every problem is reported at once, each naming its field. */
    public static Scenario load(Path file) throws ScenarioException {
        return load(file, NO_MORE_CHECKS);
    }

    /**
     * Loads {@code file} with {@code moreChecks} added to the built-in validation: problems of the raw scenario
     * that this module cannot judge (the generator checks {@code kafka.producer} with Kafka's own validator, which
     * must not be on this module's classpath). Every problem of both is reported at once.
     */
    public static Scenario load(Path file, Function<Scenario, List<String>> moreChecks) throws ScenarioException {
        String text;
        try {
            text = Files.readString(file);
        } catch (NoSuchFileException e) {
            throw new ScenarioException("scenario " + file, List.of("file not found: " + file));
        } catch (IOException e) {
            throw new ScenarioException("scenario " + file, List.of("cannot read " + file + ": " + e.getMessage()));
        }
        return parse(text, "scenario " + file, moreChecks);
    }

    /** Parses and validates scenario JSON text; {@code source} names it in messages. */
    public static Scenario parse(String json, String source) throws ScenarioException {
        return parse(json, source, NO_MORE_CHECKS);
    }

    /** {@link #parse(String, String)} with {@code moreChecks}, as in {@link #load(Path, Function)}. */
    public static Scenario parse(String json, String source, Function<Scenario, List<String>> moreChecks)
            throws ScenarioException {
        if (json.isBlank()) {
            throw new ScenarioException(source, List.of("malformed JSON: the file is empty"));
        }
        Scenario raw;
        try {
            raw = READER.readValue(json);
        } catch (JsonProcessingException e) {
            throw new ScenarioException(source, List.of(JsonProblems.describe(e)));
        }
        List<String> problems = new ArrayList<>(ScenarioValidator.validate(raw));
        problems.addAll(moreChecks.apply(raw));
        if (!problems.isEmpty()) {
            throw new ScenarioException(source, problems);
        }
        return raw.withDefaults();
    }

    /**
     * The problems of {@code s}' faults against its duration: for a scenario whose duration a flag changed after
     * loading ({@code --duration}).
     */
    public static List<String> faultProblems(Scenario s) {
        List<String> problems = new ArrayList<>();
        FaultChecks.check(s.faults() == null ? List.of() : s.faults(), s.durationSec(), problems);
        return problems;
    }

    /**
     * The problems of one fault typed at the run's prompt ({@code at} names it), against the scenario's duration.
     */
    public static List<String> faultProblems(String at, Fault f, int durationSec) {
        List<String> problems = new ArrayList<>();
        FaultChecks.check(at, f, durationSec, problems);
        return problems;
    }
}

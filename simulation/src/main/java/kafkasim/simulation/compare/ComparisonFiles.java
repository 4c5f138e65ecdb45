package kafkasim.simulation.compare;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import kafkasim.common.json.Json;
import kafkasim.simulation.orchestrator.RunSummary;

/** Writes {@code comparison.json} and {@code comparison.md} of two finished runs into the comparison folder. */
public final class ComparisonFiles {
    public static final String JSON = "comparison.json";
    public static final String MARKDOWN = "comparison.md";

    private ComparisonFiles() {
    }

    /** @return the comparison written */
    public static Comparison write(Path dir, String scenario, RunSummary kafka, RunSummary mqtt, String command,
                                   String mqttSetup) throws IOException {
        Comparison c = Comparison.of(scenario, kafka, mqtt);
        Json.mapper().writerWithDefaultPrettyPrinter().writeValue(dir.resolve(JSON).toFile(), c);
        Files.writeString(dir.resolve(MARKDOWN), ComparisonMarkdown.render(c, command, mqttSetup));
        return c;
    }
}

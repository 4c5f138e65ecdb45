package kafkasim.jobs.report;

import com.fasterxml.jackson.databind.JsonNode;
import kafkasim.jobs.report.JsonFields.Problem;

/**
 * Reads one line of the alerts topic:
 * {@code {"runId","deviceId","type","seq","sentAtUs","detectedAtUs","field","value","zScore","anomaly"}}.
 * Alerts of other runs are {@link ParseResult.Ignored}; {@code field}, {@code value} and {@code zScore} may be
 * absent or null; anything else missing or mistyped is {@link ParseResult.Malformed}. Never throws.
 */
public final class AlertParser {
    private AlertParser() {
    }

    public static ParseResult<Alert> parse(String line, String runId) {
        try {
            JsonNode root = JsonFields.readObject(line);
            JsonFields f = JsonFields.of(root, "");
            if (!runId.equals(f.text("runId"))) {
                return new ParseResult.Ignored<>();
            }
            return new ParseResult.Valid<>(new Alert(runId, f.text("deviceId"), f.text("type"), f.count("seq"),
                    f.count("sentAtUs"), f.count("detectedAtUs"), f.optionalText("field"),
                    f.optionalNumber("value"), f.optionalNumber("zScore"), f.bool("anomaly")));
        } catch (Problem p) {
            return new ParseResult.Malformed<>(p.getMessage());
        }
    }
}

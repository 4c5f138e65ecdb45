package kafkasim.jobs.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ReportOptionsTest {
    private static final String URL = "jdbc:postgresql://127.0.0.1:5432/postgres";

    @Test
    void defaults() {
        ReportOptions o = ReportOptions.parse("--run-id", "light-1", "--bootstrap", "127.0.0.1:9092",
                "--jdbc-url", URL);
        assertEquals(new ReportOptions("light-1", "127.0.0.1:9092", "sim.log", "iot.alerts", URL, "postgres", null,
                "kafkasim-report-light-1", 2000, 2000), o);
    }

    @Test
    void everyFlagInBothSpellings() {
        ReportOptions o = ReportOptions.parse("--job", "report", "--source", "kafka", "--topic", "iot.telemetry",
                "--run-id=r", "--bootstrap", "h:1,h:2",
                "--log-topic", "log", "--alerts-topic=al", "--jdbc-url", URL, "--jdbc-user", "u",
                "--jdbc-password=p w", "--group-id", "g", "--checkpoint-interval-ms", "500",
                "--path-checkpoint-interval-ms=1500");
        assertEquals(new ReportOptions("r", "h:1,h:2", "log", "al", URL, "u", "p w", "g", 500, 1500), o);
        assertEquals(o, ReportOptions.parse(o.toArgs().toArray(String[]::new)));
        assertFalse(o.toString().contains("p w"), "the password is never printed");
    }

    @Test
    void takesTheFlagsMapOfTheDispatcher() {
        // what JobMain's JobOptions.flags() holds for --job report: names without dashes, in command-line order
        Map<String, String> flags = new LinkedHashMap<>();
        flags.put("job", "report");
        flags.put("run-id", "r");
        flags.put("source", "kafka");
        flags.put("bootstrap", "h:1");
        flags.put("jdbc-url", URL);
        flags.put("checkpoint-interval-ms", "1000");
        assertEquals(new ReportOptions("r", "h:1", "sim.log", "iot.alerts", URL, "postgres", null,
                "kafkasim-report-r", 1000, 2000), ReportOptions.fromMap(flags));
    }

    @Test
    void fromMapAcceptsNamesWithOrWithoutDashes() {
        Map<String, String> args = new LinkedHashMap<>();
        args.put("run-id", "r");
        args.put("--bootstrap", "h:1");
        args.put("jdbc-url", URL);
        ReportOptions o = ReportOptions.fromMap(args);
        assertEquals("r", o.runId());
        assertNull(o.jdbcPassword());
        assertEquals("kafkasim-report-r", o.groupId());
    }

    @Test
    void problemsNameTheFlag() {
        bad("--run-id is required", "--bootstrap", "h:1", "--jdbc-url", URL);
        bad("--bootstrap is required", "--run-id", "r", "--jdbc-url", URL);
        bad("--jdbc-url is required", "--run-id", "r", "--bootstrap", "h:1");
        bad("unknown flag --brokers", "--brokers", "h:1");
        bad("--run-id needs a value", "--run-id");
        bad("--run-id needs a value", "--run-id", "--bootstrap", "h:1");
        bad("expected a flag --name, got \"stray\"", "stray");
        bad("--run-id is given more than once", "--run-id", "a", "--run-id", "b");
        bad("--checkpoint-interval-ms must be a whole number of ms, got \"2s\"", "--run-id", "r", "--bootstrap",
                "h:1", "--jdbc-url", URL, "--checkpoint-interval-ms", "2s");
        bad("--checkpoint-interval-ms must be > 0, got 0", "--run-id", "r", "--bootstrap", "h:1", "--jdbc-url", URL,
                "--checkpoint-interval-ms", "0");
        bad("--path-checkpoint-interval-ms must be > 0, got -1", "--run-id", "r", "--bootstrap", "h:1", "--jdbc-url",
                URL, "--path-checkpoint-interval-ms", "-1");
        bad("--path-checkpoint-interval-ms must be a whole number of ms, got \"x\"", "--run-id", "r", "--bootstrap",
                "h:1", "--jdbc-url", URL, "--path-checkpoint-interval-ms", "x");
        bad("--jdbc-url must start with jdbc:postgresql:", "--run-id", "r", "--bootstrap", "h:1", "--jdbc-url",
                "jdbc:mysql://x");
        bad("--run-id must not be empty", "--run-id=", "--bootstrap", "h:1", "--jdbc-url", URL);
        bad("--job must be report", "--job", "fast", "--run-id", "r", "--bootstrap", "h:1", "--jdbc-url", URL);
    }

    private static void bad(String expected, String... args) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> ReportOptions.parse(args));
        assertTrue(e.getMessage().startsWith(expected), () -> "expected '" + expected + "…' but got '"
                + e.getMessage() + "'");
    }
}

package kafkasim.simulation.orchestrator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import kafkasim.simulation.dashboard.RunControls;
import org.junit.jupiter.api.Test;

/** The typed prompt speaks the dashboard's verbs. */
class PromptTest {
    record Call(String verb, Map<String, String> params) {
    }

    private final List<Call> calls = new ArrayList<>();
    private final RunControls controls = (verb, params, source) -> {
        assertEquals("prompt", source);
        calls.add(new Call(verb, Map.copyOf(params)));
        return new RunControls.ActionResult(true, "ok");
    };
    private final ByteArrayOutputStream printed = new ByteArrayOutputStream();
    private final PrintStream out = new PrintStream(printed, true, StandardCharsets.UTF_8);

    private void type(String line) {
        Prompt.handle(line, out, controls);
    }

    @Test
    void eachLineBecomesOneAction() {
        type("scale temperature count=80 ratePerSec=2.5");
        type("workers 3");
        type("reset");
        type("reset humidity count=10");
        type("reset workers=2");
        type("pause");
        type("kill-broker 1 8");
        type("");
        assertEquals(List.of(
                new Call("scale", Map.of("type", "temperature", "count", "80", "ratePerSec", "2.5")),
                new Call("workers", Map.of("count", "3")),
                new Call("reset", Map.of()),
                new Call("reset", Map.of("type", "humidity", "count", "10")),
                new Call("reset", Map.of("count", "2")),
                new Call("pause", Map.of()),
                new Call("fault", Map.of("command", "kill-broker 1 8"))), calls);
    }

    @Test
    void unknownWordsAreExplainedAndDoNothing() {
        type("dance");
        type("scale temperature 80");
        type("fault kill-worker 0");
        assertEquals(List.of(), calls);
        String said = printed.toString(StandardCharsets.UTF_8);
        assertTrue(said.contains("unknown command \"dance\""), said);
        assertTrue(said.contains("\"80\": arguments are NAME=VALUE"), said);
    }
}

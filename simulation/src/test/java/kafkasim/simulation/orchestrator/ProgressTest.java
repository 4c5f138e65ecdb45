package kafkasim.simulation.orchestrator;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class ProgressTest {
    private static String line(Double cpuBusyPct) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8);
        new Progress(new RunTotals(), null, cpuBusyPct == null ? null : () -> cpuBusyPct, () -> "", out).print();
        return bytes.toString(StandardCharsets.UTF_8);
    }

    @Test
    void theLineShowsTheHostCpuOfTheLastSecond() {
        assertTrue(line(97.4).matches("\\[ {3}0s] cpu  97% produced .*\\R"), line(97.4));
        assertTrue(line(Double.NaN).startsWith("[   0s] cpu   -% produced"), line(Double.NaN));
        assertTrue(line(null).startsWith("[   0s] produced"), line(null));
    }
}

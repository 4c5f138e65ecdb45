package kafkasim.generator.worker;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import java.util.Map;
import kafkasim.common.security.Rejection;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RejectionCountsTest {
    @TempDir
    Path state;

    @Test
    void twoWorkersOfATypeAddUpAndTheCountsSurviveTheirClose() throws Exception {
        try (RejectionCounts a = RejectionCounts.open(state, "meter"); RejectionCounts b = RejectionCounts.open(state,
                "meter"); RejectionCounts other = RejectionCounts.open(state, "pump")) {
            for (int i = 0; i < 5; i++) {
                a.add(Rejection.AUTHENTICATION);
            }
            b.add(Rejection.AUTHENTICATION);
            b.add(Rejection.TLS);
        }
        assertEquals(Map.of("meter", Map.of(Rejection.AUTHENTICATION, 6L, Rejection.TLS, 1L)),
                DeviceStates.readRejections(state), "a type without refusals is absent");
    }
}

package kafkasim.generator.device;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.SplittableRandom;
import kafkasim.common.scenario.DeviceCatalog;
import kafkasim.common.scenario.ValueField;
import org.junit.jupiter.api.Test;

class ValueModelTest {
    @Test
    void readingsStayNearTheMeanAndAnomaliesMatchTheRate() {
        List<ValueField> fields = DeviceCatalog.fieldsFor("humidity");
        ValueModel m = new ValueModel(fields, 50, 0.02, new SplittableRandom(7));
        double[] out = new double[1];
        int anomalies = 0;
        int n = 100_000;
        double sumNormal = 0;
        for (int i = 0; i < n; i++) {
            boolean a = m.next(i % 50, out);
            assertTrue(out[0] >= 0 && out[0] <= 100, "humidity clamped to 0..100: " + out[0]);
            if (a) {
                anomalies++;
                assertTrue(Math.abs(out[0] - 45) >= 6 * 5 - 1e-9, "a spike is >= 6 stddev away: " + out[0]);
            } else {
                sumNormal += out[0];
            }
        }
        assertEquals(0.02, anomalies / (double) n, 0.003);
        assertEquals(45, sumNormal / (n - anomalies), 1.0);
    }

    @Test
    void zeroStddevFieldsStillGetVisibleSpikes() {
        ValueModel m = new ValueModel(List.of(ValueField.of("v", "", 10, 0)), 1, 1.0, new SplittableRandom(1));
        double[] out = new double[1];
        assertTrue(m.next(0, out));
        assertTrue(Math.abs(out[0] - 10) >= 6 * 2, "spike of at least 6 x max(1, 20% of mean): " + out[0]);
    }
}

package kafkasim.jobs.fast;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

class ZScoreDetectorTest {
    private final ZScoreDetector detector = new ZScoreDetector(4.0, 5, 0.02);

    @Test
    void aSpikeIsFlaggedAfterWarmUp() {
        DeviceBaseline b = baseline(21.0, 0.5, 200, new Random(1));
        ZScoreDetector.Verdict v = detector.assess(b, one(21.0 + 8 * 0.5));
        assertTrue(v.flagged());
        assertEquals("celsius", v.field());
        assertEquals(25.0, v.value());
        assertTrue(v.zScore() > 4, "z " + v.zScore());
        assertFalse(detector.assess(b, one(21.2)).flagged(), "normal reading");
        assertTrue(detector.assess(b, one(21.0 - 8 * 0.5)).zScore() < -4, "spikes down are flagged too");
    }

    @Test
    void nothingIsFlaggedDuringWarmUp() {
        DeviceBaseline b = ZScoreDetector.newBaseline(one(0));
        double[] readings = {20.0, 20.1, 19.9, 20.05}; // 4 readings: below the warm-up of 5
        for (double r : readings) {
            assertFalse(detector.assess(b, one(r)).flagged());
        }
        assertEquals(4, b.count[0]);
        assertFalse(detector.assess(b, one(1000.0)).flagged(), "4 < warm-up: even a huge value is absorbed");
        assertEquals(5, b.count[0]);
        assertTrue(detector.assess(b, one(100_000.0)).flagged(), "warm now");
    }

    @Test
    void aFlaggedValueDoesNotEnterTheBaseline() {
        DeviceBaseline b = baseline(21.0, 0.5, 100, new Random(2));
        DeviceBaseline before = b.copy();
        assertTrue(detector.assess(b, one(40.0)).flagged());
        assertEquals(before, b, "mean, variance and count unchanged");
        assertFalse(detector.assess(b, one(21.1)).flagged());
        assertEquals(before.count[0] + 1, b.count[0], "a normal value enters");
    }

    @Test
    void onlyTheSpikingFieldIsKeptOutOfTheBaseline() {
        Random random = new Random(3);
        DeviceBaseline b = ZScoreDetector.newBaseline(two(0, 0));
        for (int i = 0; i < 100; i++) {
            detector.assess(b, two(230 + random.nextGaussian(), 350 + 10 * random.nextGaussian()));
        }
        double voltsMean = b.mean[0];
        long voltsCount = b.count[0];
        long wattsCount = b.count[1];
        ZScoreDetector.Verdict v = detector.assess(b, two(230.5, 350 + 10 * 9));
        assertTrue(v.flagged());
        assertEquals("watts", v.field());
        assertEquals(wattsCount, b.count[1], "watts baseline untouched");
        assertEquals(voltsCount + 1, b.count[0], "volts baseline updated");
        assertTrue(b.mean[0] != voltsMean);
    }

    @Test
    void aFlatSignalDoesNotDivideByZero() {
        DeviceBaseline b = ZScoreDetector.newBaseline(one(0));
        for (int i = 0; i < 10; i++) {
            assertFalse(detector.assess(b, one(5.0)).flagged());
        }
        assertFalse(detector.assess(b, one(5.001)).flagged(), "one resolution step is within 4 floors");
        assertTrue(detector.assess(b, one(6.0)).flagged());
    }

    @Test
    void matchesChecksTheFieldSet() {
        DeviceBaseline b = ZScoreDetector.newBaseline(two(1, 2));
        assertTrue(ZScoreDetector.matches(b, two(3, 4)));
        assertFalse(ZScoreDetector.matches(b, one(3)));
    }

    private DeviceBaseline baseline(double mean, double stddev, int readings, Random random) {
        DeviceBaseline b = ZScoreDetector.newBaseline(one(mean));
        for (int i = 0; i < readings; i++) {
            assertFalse(detector.assess(b, one(mean + stddev * Math.max(-3, Math.min(3, random.nextGaussian()))))
                    .flagged());
        }
        return b;
    }

    private static Map<String, Double> one(double celsius) {
        return Map.of("celsius", celsius);
    }

    private static Map<String, Double> two(double volts, double watts) {
        Map<String, Double> m = new LinkedHashMap<>();
        m.put("volts", volts);
        m.put("watts", watts);
        return m;
    }
}

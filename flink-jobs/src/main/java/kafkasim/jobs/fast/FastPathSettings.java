package kafkasim.jobs.fast;

import java.io.Serializable;

/**
 * The fast path ("ML server") settings.
 *
 * @param zThreshold     a reading is an anomaly when |z| &gt; this ({@code --z-threshold}, default 4)
 * @param warmupReadings readings a field's baseline must have absorbed before it may flag
 *                       ({@code --warmup-readings}, default 10)
 * @param ewmaAlpha      weight of a new reading in the exponentially weighted mean and variance, in (0, 1]
 *                       ({@code --ewma-alpha}, default 0.02; early readings use 1/n so the baseline starts as a
 *                       plain average)
 * @param serviceTimeUs  simulated model inference time per reading, µs ({@code --service-time-us}, default 200)
 * @param timeScale      multiplies the service time ({@code --time-scale}, default 1.0)
 * @param alertsTopic    Kafka topic of the alerts ({@code --alerts-topic}, default iot.alerts)
 */
public record FastPathSettings(double zThreshold, int warmupReadings, double ewmaAlpha, long serviceTimeUs,
                               double timeScale, String alertsTopic) implements Serializable {
    public static final double DEFAULT_Z_THRESHOLD = 4.0;
    public static final int DEFAULT_WARMUP_READINGS = 10;
    public static final double DEFAULT_EWMA_ALPHA = 0.02;
    public static final long DEFAULT_SERVICE_TIME_US = 200;
    public static final double DEFAULT_TIME_SCALE = 1.0;
    public static final String DEFAULT_ALERTS_TOPIC = "iot.alerts";

    /** The scaled service time per reading, ns. */
    public long serviceTimeNanos() {
        return Math.round(serviceTimeUs * 1000.0 * timeScale);
    }
}

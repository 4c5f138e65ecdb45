package kafkasim.generator.device;

import java.util.List;
import java.util.random.RandomGenerator;
import kafkasim.common.scenario.ValueField;

/**
 * Readings for a range of devices of one type. Each device has a small fixed calibration offset and, per field,
 * a mean-reverting random walk (AR(1), so consecutive readings are correlated as real sensors are); an injected
 * anomaly is a spike of 6–9 standard deviations on one field, flagged as ground truth. State is flat arrays, no
 * objects per device; not thread-safe (owned by the worker's scheduler thread).
 */
public final class ValueModel {
    /**
     * Correlation of consecutive readings of one device: real readings wander, but a per-device detector must be
     * able to learn a device's normal spread from a few dozen readings (at 0.9 only one reading in ~19 is new).
     */
    static final double PHI = 0.5;
    static final double INNOVATION = Math.sqrt(1 - PHI * PHI);
    /** Calibration offset spread between devices, in stddevs. */
    static final double OFFSET_STDDEVS = 0.3;
    static final double SPIKE_MIN_STDDEVS = 6;
    static final double SPIKE_EXTRA_STDDEVS = 3;

    private final List<ValueField> fields;
    private final int fieldCount;
    private final double anomalyRate;
    private final double[] walk;
    private final double[] offset;
    private final RandomGenerator random;

    public ValueModel(List<ValueField> fields, int deviceCount, double anomalyRate, RandomGenerator random) {
        this.fields = List.copyOf(fields);
        this.fieldCount = fields.size();
        this.anomalyRate = anomalyRate;
        this.random = random;
        this.walk = new double[deviceCount * fieldCount];
        this.offset = new double[deviceCount * fieldCount];
        for (int i = 0; i < offset.length; i++) {
            ValueField f = fields.get(i % fieldCount);
            offset[i] = random.nextGaussian() * OFFSET_STDDEVS * f.stddev();
            walk[i] = random.nextGaussian() * f.stddev();
        }
    }

    public int fieldCount() {
        return fieldCount;
    }

    /**
     * Writes the next readings of {@code device} into {@code out[0..fieldCount)}.
     *
     * @return true when this reading carries an injected anomaly
     */
    public boolean next(int device, double[] out) {
        int base = device * fieldCount;
        for (int f = 0; f < fieldCount; f++) {
            ValueField field = fields.get(f);
            double x = PHI * walk[base + f] + INNOVATION * field.stddev() * random.nextGaussian();
            walk[base + f] = x;
            out[f] = clamp(field, field.mean() + offset[base + f] + x);
        }
        boolean anomaly = anomalyRate > 0 && random.nextDouble() < anomalyRate;
        if (anomaly) {
            int f = fieldCount == 1 ? 0 : random.nextInt(fieldCount);
            ValueField field = fields.get(f);
            double size = (SPIKE_MIN_STDDEVS + SPIKE_EXTRA_STDDEVS * random.nextDouble()) * spikeUnit(field);
            double up = field.mean() + size;
            double down = field.mean() - size;
            // spike in whichever direction the valid range leaves room for
            out[f] = up <= field.highest() || down < field.lowest() ? clamp(field, up) : clamp(field, down);
        }
        return anomaly;
    }

    /** A field with stddev 0 still needs a visible spike. */
    private static double spikeUnit(ValueField f) {
        return f.stddev() > 0 ? f.stddev() : Math.max(1.0, Math.abs(f.mean()) * 0.2);
    }

    private static double clamp(ValueField f, double v) {
        return Math.max(f.lowest(), Math.min(f.highest(), v));
    }
}

package kafkasim.jobs.fast;

import java.util.Arrays;

/**
 * One device's detection baseline, kept in keyed state: per value field (in the order of {@link #fields}) the
 * exponentially weighted mean and variance and how many readings entered them. A Flink POJO (public no-argument
 * constructor, public fields) so the state is serialized without Kryo and updated in place.
 */
public class DeviceBaseline {
    /** Field names, in the order of the arrays below. */
    public String[] fields;
    /** Readings that entered each field's baseline (flagged readings do not). */
    public long[] count;
    /** Exponentially weighted mean per field, in the field's unit. */
    public double[] mean;
    /** Exponentially weighted variance per field, in the field's unit squared. */
    public double[] variance;

    public DeviceBaseline() {
    }

    static DeviceBaseline forFields(String[] fields) {
        DeviceBaseline b = new DeviceBaseline();
        b.fields = fields;
        b.count = new long[fields.length];
        b.mean = new double[fields.length];
        b.variance = new double[fields.length];
        return b;
    }

    DeviceBaseline copy() {
        DeviceBaseline b = new DeviceBaseline();
        b.fields = fields.clone();
        b.count = count.clone();
        b.mean = mean.clone();
        b.variance = variance.clone();
        return b;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof DeviceBaseline b && Arrays.equals(fields, b.fields) && Arrays.equals(count, b.count)
                && Arrays.equals(mean, b.mean) && Arrays.equals(variance, b.variance);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(fields) * 31 + Arrays.hashCode(mean);
    }

    @Override
    public String toString() {
        return "DeviceBaseline" + Arrays.toString(fields) + " n=" + Arrays.toString(count) + " mean="
                + Arrays.toString(mean) + " var=" + Arrays.toString(variance);
    }
}

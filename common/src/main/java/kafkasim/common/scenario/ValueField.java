package kafkasim.common.scenario;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * One numeric reading a device reports, modelled as a mean-reverting random walk around {@code mean} with
 * standard deviation {@code stddev}, clamped to [{@code min}, {@code max}] when given.
 *
 * @param name   key in the envelope's {@code values} object ({@code [A-Za-z][A-Za-z0-9_]*})
 * @param unit   unit of the value, for people and reports (e.g. "°C"); not sent per message
 * @param mean   long-run mean, in {@code unit}
 * @param stddev standard deviation of normal readings, in {@code unit} (&ge; 0)
 * @param min    lowest possible reading, or null
 * @param max    highest possible reading, or null
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ValueField(String name, String unit, Double mean, Double stddev, Double min, Double max) {

    /** Readings are written with this many decimals and must fit in {@link #MAX_ABS_VALUE}. */
    public static final int DECIMALS = 3;
    public static final double MAX_ABS_VALUE = 9_999_999.0;

    public static ValueField of(String name, String unit, double mean, double stddev) {
        return new ValueField(name, unit, mean, stddev, null, null);
    }

    public static ValueField of(String name, String unit, double mean, double stddev, double min, double max) {
        return new ValueField(name, unit, mean, stddev, min, max);
    }

    public ValueField withDefaults() {
        return new ValueField(name, unit == null ? "" : unit, mean, stddev, min, max);
    }

    /** Lowest value a reading can take after clamping. */
    public double lowest() {
        return min != null ? min : -MAX_ABS_VALUE;
    }

    /** Highest value a reading can take after clamping. */
    public double highest() {
        return max != null ? max : MAX_ABS_VALUE;
    }
}

package kafkasim.jobs.fast;

import java.io.Serializable;
import java.util.Map;

/**
 * Streaming per-device anomaly detection: for each value field an exponentially weighted mean and variance
 * (EWMA/EWMV, weight {@code alpha}; while a field has seen fewer than 1/alpha readings the weight is 1/(n+1), so
 * the baseline starts as the plain average and variance of the first readings). A reading's z-score is
 * {@code (x - mean) / max(stddev, }{@value #MIN_STDDEV}{@code )}; a field is flagged when |z| &gt; threshold and
 * its baseline has absorbed at least {@code warmupReadings} readings. A flagged value never enters the baseline
 * (a spike must not inflate the variance and mask the next one); the other fields of that reading still do.
 * A reading is an anomaly when any field is flagged; the alert names the field with the largest |z|.
 */
public final class ZScoreDetector implements Serializable {
    private static final long serialVersionUID = 1L;
    /** Floor of the standard deviation: the envelope's resolution (3 decimals); avoids z = ∞ for flat signals. */
    static final double MIN_STDDEV = 1e-3;

    private final double zThreshold;
    private final int warmupReadings;
    private final double alpha;

    public ZScoreDetector(double zThreshold, int warmupReadings, double alpha) {
        this.zThreshold = zThreshold;
        this.warmupReadings = warmupReadings;
        this.alpha = alpha;
    }

    /** The outcome for one reading; {@code field} is null when nothing was flagged. */
    public record Verdict(boolean flagged, String field, double value, double zScore) {
        static final Verdict NORMAL = new Verdict(false, null, Double.NaN, 0);
    }

    /**
     * Scores {@code values} against {@code baseline} and updates the baseline in place with the fields that were
     * not flagged. A baseline with other fields than {@code values} (cannot happen for a real device) is reset
     * by the caller passing {@link #newBaseline}.
     */
    public Verdict assess(DeviceBaseline baseline, Map<String, Double> values) {
        String worstField = null;
        double worstZ = 0;
        double worstValue = Double.NaN;
        for (int i = 0; i < baseline.fields.length; i++) {
            double x = values.get(baseline.fields[i]);
            long n = baseline.count[i];
            if (n == 0) {
                baseline.mean[i] = x;
                baseline.variance[i] = 0;
                baseline.count[i] = 1;
                continue;
            }
            double z = (x - baseline.mean[i]) / Math.max(Math.sqrt(baseline.variance[i]), MIN_STDDEV);
            if (n >= warmupReadings && Math.abs(z) > zThreshold) {
                if (Math.abs(z) > Math.abs(worstZ)) {
                    worstField = baseline.fields[i];
                    worstZ = z;
                    worstValue = x;
                }
                continue; // a flagged value does not enter the baseline
            }
            double weight = Math.max(alpha, 1.0 / (n + 1));
            double diff = x - baseline.mean[i];
            double increment = weight * diff;
            baseline.mean[i] += increment;
            baseline.variance[i] = (1 - weight) * (baseline.variance[i] + diff * increment);
            baseline.count[i] = n + 1;
        }
        return worstField == null ? Verdict.NORMAL : new Verdict(true, worstField, worstValue, worstZ);
    }

    /** A fresh baseline for a device reporting {@code values} (fields in the message's order). */
    public static DeviceBaseline newBaseline(Map<String, Double> values) {
        return DeviceBaseline.forFields(values.keySet().toArray(new String[0]));
    }

    /** True when {@code baseline} tracks exactly the fields of {@code values}. */
    public static boolean matches(DeviceBaseline baseline, Map<String, Double> values) {
        if (baseline.fields.length != values.size()) {
            return false;
        }
        for (String f : baseline.fields) {
            if (!values.containsKey(f)) {
                return false;
            }
        }
        return true;
    }
}

package kafkasim.jobs.common;

import kafkasim.common.metrics.Histograms;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.Recorder;

/**
 * The jobs' side of the project's one histogram format ({@link Histograms}: µs values up to
 * {@link #HIGHEST_TRACKABLE_US} at {@link #SIGNIFICANT_DIGITS} significant digits, base64 of HdrHistogram's
 * compressed encoding), plus what the jobs need around it: recorders with the same range and clamping. Merge
 * decoded histograms with {@link Histogram#add}; never average percentiles.
 */
public final class HistogramCodec {
    /** Values are tracked up to 1 hour, in µs. */
    public static final long HIGHEST_TRACKABLE_US = Histograms.HIGHEST_TRACKABLE_US;
    public static final int SIGNIFICANT_DIGITS = Histograms.SIGNIFICANT_DIGITS;

    private HistogramCodec() {
    }

    /** A recorder with the project's range and precision. */
    public static Recorder newRecorder() {
        return new Recorder(HIGHEST_TRACKABLE_US, SIGNIFICANT_DIGITS);
    }

    /** An empty histogram with the project's range and precision. */
    public static Histogram newHistogram() {
        return Histograms.create();
    }

    /** Clamps a µs value into the trackable range [0, {@link #HIGHEST_TRACKABLE_US}]. */
    public static long clampUs(long valueUs) {
        return Math.min(Math.max(valueUs, 0), HIGHEST_TRACKABLE_US);
    }

    /** Base64 of the compressed encoding. */
    public static String encode(Histogram histogram) {
        return Histograms.encode(histogram);
    }

    /** The histogram {@link #encode} wrote; throws IllegalArgumentException for anything else. */
    public static Histogram decode(String base64) {
        return Histograms.decode(base64);
    }
}

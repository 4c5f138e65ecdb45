package kafkasim.jobs.common.metrics;

import java.util.ArrayList;
import java.util.List;

/**
 * Collects published metric records in memory, in order, like the log topic would; a reader's view of them is
 * {@link #read()}. One instance may outlive several operator instances (a "crash" and a restore), as the topic does.
 */
public final class CapturingSink implements MetricRecordSink {
    /** What was published: key and value. */
    public record Published(String key, byte[] value) {
    }

    public final List<Published> published = new ArrayList<>();
    public int closed;

    /** Forgets everything (a static sink shared by a test class; its factory lambda then captures nothing). */
    public synchronized void clear() {
        published.clear();
        closed = 0;
    }

    @Override
    public synchronized void publish(String key, byte[] value) {
        published.add(new Published(key, value));
    }

    @Override
    public synchronized void close() {
        closed++;
    }

    /** The records as a reader sees them (decoded and deduplicated). */
    public synchronized MetricRecords read() {
        MetricRecords records = new MetricRecords();
        published.forEach(p -> records.add(p.value()));
        return records;
    }

    public synchronized List<Published> published() {
        return new ArrayList<>(published);
    }
}

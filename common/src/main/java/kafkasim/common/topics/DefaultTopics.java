package kafkasim.common.topics;

/**
 * The one definition of kafkasim's Kafka topic names. They are defaults: a scenario's {@code kafka} group may rename
 * each of them, and every process is then told the scenario's names. Defined here, not in the scenario, because the
 * processes that never read a scenario (the Flink jobs, a worker's logger) fall back to the same names.
 */
public final class DefaultTopics {
    /** The devices' telemetry (a Kafka run's broker under test). */
    public static final String TELEMETRY = "iot.telemetry";
    /** Every process's log lines and the jobs' metric records (Kafka in both architectures: measurement). */
    public static final String LOG = "sim.log";
    /** The fast path's alerts, read by the aggregation job. */
    public static final String ALERTS = "iot.alerts";

    private DefaultTopics() {
    }
}

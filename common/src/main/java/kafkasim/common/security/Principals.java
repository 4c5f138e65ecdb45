package kafkasim.common.security;

/**
 * Who connects to a run's brokers. Each principal has its own certificate (CN = its name) and its own password, so
 * a broker's ACL can tell a device group from a job, and a refused group from the rest.
 */
public final class Principals {
    /** The Kafka brokers among themselves (inter-broker and controller listeners); a super user. */
    public static final String KAFKA_BROKER = "broker";
    /** The MQTT broker's server certificate. */
    public static final String MQTT_BROKER = "mqtt-broker";
    /** kafkasim itself: topic creation, consumer lag, reading the metric records back; a super user. */
    public static final String ADMIN = "kafkasim";
    /** Every generator process's logger, publishing to the log topic. */
    public static final String LOGGER = "logger";

    private Principals() {
    }

    /** The devices of one group. */
    public static String devices(String type) {
        return "device-" + type;
    }

    /** A Flink job: {@code fast}, {@code medium}, {@code slow} or {@code report}. */
    public static String job(String kind) {
        return "job-" + kind;
    }
}

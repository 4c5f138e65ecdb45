package kafkasim.common.scenario;

import java.util.Arrays;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * The broker the devices publish to, i.e. which architecture a run simulates. Each module turns it into its own
 * per-architecture object in one place (the generator's transport config, the simulation's {@code Architecture},
 * the jobs' source), so an architecture is added by adding a constant here and one implementation on each side:
 * the exhaustive switches over this enum point at every place that needs one.
 */
public enum BrokerKind {
    /** The new architecture: devices → Apache Kafka → the Flink paths. */
    KAFKA("kafka"),
    /** The old architecture: devices → an MQTT broker (one connection per device) → the Flink paths. */
    MQTT("mqtt");

    private final String id;

    BrokerKind(String id) {
        this.id = id;
    }

    /** The name in scenarios, flags, config files and {@code summary.json}. */
    public String id() {
        return id;
    }

    /** The kind named {@code id}, or empty for a name no kind has. */
    public static Optional<BrokerKind> find(String id) {
        return Arrays.stream(values()).filter(k -> k.id.equals(id)).findFirst();
    }

    /** The kind named {@code id}; an unknown name is an {@link IllegalArgumentException} listing the names. */
    public static BrokerKind of(String id) {
        return find(id).orElseThrow(() -> new IllegalArgumentException("must be " + choices() + ", got \"" + id
                + "\""));
    }

    /** {@code "kafka" or "mqtt"}: the names, quoted, for messages. */
    public static String choices() {
        return Arrays.stream(values()).map(k -> "\"" + k.id + "\"").collect(Collectors.joining(" or "));
    }

    @Override
    public String toString() {
        return id;
    }
}

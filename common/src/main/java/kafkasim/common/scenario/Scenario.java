package kafkasim.common.scenario;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;

/**
 * A load scenario as the user wrote it (see README "Scenario format"). Optional fields are {@code null} here;
 * {@link ScenarioLoader} validates every field and {@link #withDefaults()} fills in the documented defaults.
 *
 * @param name        short name, used in the run id ({@code [A-Za-z0-9._-]+})
 * @param durationSec how long the generator sends, seconds (&gt; 0)
 * @param workers     producer worker processes; when absent the orchestrator decides (one or more per device type)
 * @param broker      transport: {@code kafka} (default) or {@code mqtt}
 * @param kafka       Kafka topic and producer settings
 * @param devices     device groups, one per device type
 * @param paths       how the consumer paths (Flink jobs) run
 * @param timeScale   multiplies simulated service times (2.0 = a model twice as slow); default 1.0
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Scenario(String name, Integer durationSec, Integer workers, String broker, KafkaSettings kafka,
                       List<DeviceGroup> devices, PathSettings paths, Double timeScale) {

    public static final String BROKER_KAFKA = "kafka";
    public static final String BROKER_MQTT = "mqtt";

    /** The scenario with every optional field set to its default (call only on a validated scenario). */
    public Scenario withDefaults() {
        return new Scenario(name, durationSec, workers, broker == null ? BROKER_KAFKA : broker,
                (kafka == null ? KafkaSettings.EMPTY : kafka).withDefaults(),
                devices.stream().map(DeviceGroup::withDefaults).toList(),
                (paths == null ? PathSettings.EMPTY : paths).withDefaults(), timeScale == null ? 1.0 : timeScale);
    }

    /** Scenario with another duration (the {@code --duration} flag). */
    public Scenario withDurationSec(int seconds) {
        return new Scenario(name, seconds, workers, broker, kafka, devices, paths, timeScale);
    }

    /** Scenario with other Kafka settings. */
    public Scenario withKafka(KafkaSettings settings) {
        return new Scenario(name, durationSec, workers, broker, settings, devices, paths, timeScale);
    }

    /** Total scheduled messages per second over all devices. */
    public double totalRatePerSec() {
        return devices.stream().mapToDouble(d -> d.count() * d.ratePerSec()).sum();
    }

    /** Total scheduled payload bytes per second over all devices. */
    public double totalBytesPerSec() {
        return devices.stream().mapToDouble(d -> d.count() * d.ratePerSec() * d.payloadBytes()).sum();
    }
}

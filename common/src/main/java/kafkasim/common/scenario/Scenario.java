package kafkasim.common.scenario;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;
import kafkasim.common.security.SecuritySettings;

/**
 * A load scenario as the user wrote it (see docs/scenarios.md). Optional fields are {@code null} here;
 * {@link ScenarioLoader} validates every field and {@link #withDefaults()} fills in the documented defaults.
 *
 * @param name        short name, used in the run id ({@code [A-Za-z0-9._-]+})
 * @param durationSec how long the generator sends, seconds (&gt; 0)
 * @param workers     producer worker processes; when absent the planner sizes them by load and host cores
 * @param broker      transport: {@code kafka} (default) or {@code mqtt} ({@link BrokerKind}; as written, read it
 *                    with {@link #brokerKind()})
 * @param kafka       Kafka topic and producer settings (an MQTT run uses Kafka for the log and alerts topics)
 * @param mqtt        MQTT settings (used when {@code broker} is {@code mqtt})
 * @param devices     device groups, one per device type
 * @param paths       how the consumer paths (Flink jobs) run
 * @param timeScale   multiplies simulated service times (2.0 = a model twice as slow); default 1.0
 * @param warmupSec   the first seconds of the run, left out of the latency and throughput statistics (JIT
 *                    compilation, first checkpoints, connection set-up); default {@link #defaultWarmupSec(int)}
 * @param faults      failures applied during the run, in any order (default none)
 * @param security    how every client connects to the brokers: mode, ACLs, groups refused on purpose (default
 *                    plaintext and anonymous; docs/security.md)
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Scenario(String name, Integer durationSec, Integer workers, String broker, KafkaSettings kafka,
                       MqttSettings mqtt, List<DeviceGroup> devices, PathSettings paths, Double timeScale,
                       Integer warmupSec, List<Fault> faults, SecuritySettings security) {

    /** Longest default warm-up, seconds. */
    public static final int MAX_DEFAULT_WARMUP_SEC = 30;

    /**
     * The scenario with every optional field set to its default (call only on a validated scenario). The warm-up
     * stays unset when the scenario leaves it open, because its default follows the duration, which the
     * {@code --duration} flag may still change: read it with {@link #warmupSecOrDefault()}.
     */
    public Scenario withDefaults() {
        return new Scenario(name, durationSec, workers, broker == null ? BrokerKind.KAFKA.id() : broker,
                (kafka == null ? KafkaSettings.EMPTY : kafka).withDefaults(),
                (mqtt == null ? MqttSettings.EMPTY : mqtt).withDefaults(),
                devices.stream().map(DeviceGroup::withDefaults).toList(),
                (paths == null ? PathSettings.EMPTY : paths).withDefaults(), timeScale == null ? 1.0 : timeScale,
                warmupSec, faults == null ? List.of() : faults.stream().map(Fault::withDefaults).toList(),
                (security == null ? SecuritySettings.PLAIN : security).withDefaults());
    }

    /** Scenario with another duration (the {@code --duration} flag). */
    public Scenario withDurationSec(int seconds) {
        return new Scenario(name, seconds, workers, broker, kafka, mqtt, devices, paths, timeScale, warmupSec,
                faults, security);
    }

    /** Scenario with another warm-up (the {@code --warmup} flag, or the default written into scenario.json). */
    public Scenario withWarmupSec(int seconds) {
        return new Scenario(name, durationSec, workers, broker, kafka, mqtt, devices, paths, timeScale, seconds,
                faults, security);
    }

    /** The warm-up: as given, else {@link #defaultWarmupSec(int)} of the duration. */
    public int warmupSecOrDefault() {
        return warmupSec != null ? warmupSec : defaultWarmupSec(durationSec);
    }

    /** 10 % of the duration, at most {@link #MAX_DEFAULT_WARMUP_SEC}, seconds (rounded down). */
    public static int defaultWarmupSec(int durationSec) {
        return Math.min(MAX_DEFAULT_WARMUP_SEC, durationSec / 10);
    }

    /** Scenario with other Kafka settings. */
    public Scenario withKafka(KafkaSettings settings) {
        return new Scenario(name, durationSec, workers, broker, settings, mqtt, devices, paths, timeScale, warmupSec,
                faults, security);
    }

    /** Scenario with another broker (the {@code --broker} flag). */
    public Scenario withBroker(BrokerKind kind) {
        return new Scenario(this.name, durationSec, workers, kind.id(), kafka, mqtt, devices, paths, timeScale,
                warmupSec, faults, security);
    }

    /** Scenario with another security block (compare's {@code --security} modes). */
    public Scenario withSecurity(SecuritySettings settings) {
        return new Scenario(name, durationSec, workers, broker, kafka, mqtt, devices, paths, timeScale, warmupSec,
                faults, settings);
    }

    /** The security block; plaintext when absent (call on a validated scenario). */
    public SecuritySettings securityOrPlain() {
        return security == null ? SecuritySettings.PLAIN : security.withDefaults();
    }

    /** The architecture this scenario runs (call on a validated scenario; absent means Kafka). */
    public BrokerKind brokerKind() {
        return broker == null ? BrokerKind.KAFKA : BrokerKind.of(broker);
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

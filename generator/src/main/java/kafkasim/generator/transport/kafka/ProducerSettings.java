package kafkasim.generator.transport.kafka;

import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * The producer properties of a scenario ({@code kafka.producer}): checked with Kafka's own {@link ProducerConfig}
 * before anything starts, and resolved against kafkasim's defaults into the properties every worker's producer
 * runs with (and {@code scenario.json} shows). The one place that knows kafkasim's producer defaults.
 */
public final class ProducerSettings {
    /**
     * kafkasim's defaults: durable, no duplicates on retry, a small batching delay. {@code enable.idempotence}
     * is also Kafka's own default and is applied the way Kafka applies it: when the scenario does not set it,
     * {@code acks} 0 or 1 or {@code retries} 0 turn it off instead of failing (Kafka 4 still refuses
     * {@code max.in.flight.requests.per.connection} above 5 unless idempotence is set to false explicitly).
     */
    public static final Map<String, String> DEFAULTS = Map.of(
            ProducerConfig.ACKS_CONFIG, "all",
            ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true",
            ProducerConfig.LINGER_MS_CONFIG, "5",
            ProducerConfig.BATCH_SIZE_CONFIG, "65536");

    /** What kafkasim sets itself, and why a scenario cannot. */
    static final Map<String, String> OWNED = Map.of(
            ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, "kafkasim sets it from --kafka-bootstrap or its embedded broker",
            ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, "kafkasim sends bytes (the key is the deviceId)",
            ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, "kafkasim sends bytes (the value is the envelope)",
            ProducerConfig.CLIENT_ID_CONFIG, "kafkasim names each worker's producer kafkasim-worker-<id>",
            ProducerConfig.TRANSACTIONAL_ID_CONFIG, "kafkasim's workers do not send in transactions, so every send"
                    + " of a transactional producer would fail");

    /** Whether {@code key} is one of the settings a security mode decides (TLS, SASL, config providers). */
    static boolean isSecurity(String key) {
        return key.startsWith("ssl.") || key.startsWith("sasl.") || key.equals("security.protocol")
                || key.startsWith("config.providers");
    }

    /** Stands in for the real servers while validating: ProducerConfig requires one and never connects. */
    private static final String PLACEHOLDER_BOOTSTRAP = "localhost:9092";
    private static final ConfigDef KAFKA_DEFINITIONS = ProducerConfig.configDef();

    private ProducerSettings() {
    }

    /**
     * Every problem of {@code settings}, each naming its field as {@code at.<key>} (e.g.
     * {@code kafka.producer.acks: Invalid value 2 for configuration acks: String must be one of: all, -1, 0, 1}):
     * keys kafkasim owns, keys Kafka does not know, values Kafka rejects, and settings that conflict.
     * Null values are skipped (the scenario's own validation reports them).
     */
    public static List<String> problems(Map<String, String> settings, String at) {
        List<String> problems = new ArrayList<>();
        Map<String, String> user = new LinkedHashMap<>();
        settings.forEach((key, value) -> {
            if (value != null) {
                user.put(key, value);
            }
        });
        user.forEach((key, value) -> {
            ConfigDef.ConfigKey definition = KAFKA_DEFINITIONS.configKeys().get(key);
            if (OWNED.containsKey(key)) {
                problems.add(at + "." + key + " cannot be set: " + OWNED.get(key));
            } else if (isSecurity(key)) {
                problems.add(at + "." + key + " cannot be set: kafkasim connects every client as the scenario's"
                        + " security block says (security.mode, docs/security.md)");
            } else if (definition == null) {
                problems.add(at + "." + key + " is not a Kafka producer setting" + suggestion(key));
            } else {
                try {
                    Object parsed = ConfigDef.parseType(key, value, definition.type);
                    if (definition.validator != null) {
                        definition.validator.ensureValid(key, parsed);
                    }
                } catch (ConfigException e) {
                    problems.add(at + "." + key + ": " + e.getMessage());
                }
            }
        });
        if (problems.isEmpty()) {
            // each value is fine on its own; what is left are Kafka's checks across settings (idempotence)
            try {
                parse(withDefaults(user));
            } catch (ConfigException e) {
                problems.add(conflict(user, at, e));
            }
        }
        return problems;
    }

    /**
     * The properties a producer runs with: kafkasim's defaults, the scenario's settings on top, and
     * {@code enable.idempotence} as Kafka resolves it, sorted by name. Applying it again changes nothing.
     *
     * @throws IllegalArgumentException with every problem {@link #problems} reports
     */
    public static Map<String, String> effective(Map<String, String> settings) {
        Map<String, String> given = settings == null ? Map.of() : settings;
        List<String> problems = problems(given, "producer");
        if (!problems.isEmpty()) {
            throw new IllegalArgumentException(String.join("; ", problems));
        }
        TreeMap<String, String> effective = withDefaults(given);
        ProducerConfig resolved = parse(effective);
        effective.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG,
                resolved.getBoolean(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG).toString());
        return Collections.unmodifiableSortedMap(effective);
    }

    /** Everything a worker's {@code KafkaProducer} gets: {@link #effective} plus what kafkasim owns. */
    static Properties producerProperties(Map<String, String> settings, String bootstrap, String clientId) {
        Properties props = new Properties();
        props.putAll(effective(settings));
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        props.put(ProducerConfig.CLIENT_ID_CONFIG, clientId);
        props.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
        props.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
        return props;
    }

    private static TreeMap<String, String> withDefaults(Map<String, String> settings) {
        TreeMap<String, String> merged = new TreeMap<>(DEFAULTS);
        if (!settings.containsKey(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG)) {
            // only an idempotence nobody set explicitly yields to conflicting settings (see DEFAULTS)
            merged.remove(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG);
        }
        merged.putAll(settings);
        return merged;
    }

    private static ProducerConfig parse(Map<String, String> settings) {
        Map<String, Object> props = new HashMap<>(settings);
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, PLACEHOLDER_BOOTSTRAP);
        props.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
        props.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
        return new ProducerConfig(props);
    }

    /** Kafka's message names no setting: name the ones without which the settings would be accepted. */
    private static String conflict(Map<String, String> user, String at, ConfigException e) {
        List<String> culprits = new ArrayList<>();
        for (String key : new TreeMap<>(user).keySet()) {
            Map<String, String> without = new LinkedHashMap<>(user);
            without.remove(key);
            try {
                parse(withDefaults(without));
                culprits.add(at + "." + key);
            } catch (ConfigException stillBad) {
                // not this one alone
            }
        }
        return switch (culprits.size()) {
            case 0 -> at + ": " + e.getMessage();
            case 1 -> culprits.get(0) + ": " + e.getMessage();
            default -> String.join(" and ", culprits) + " conflict: " + e.getMessage();
        };
    }

    /** " (did you mean linger.ms?)" for a near miss of a known name, else "". */
    private static String suggestion(String key) {
        return ProducerConfig.configNames().stream()
                .filter(name -> editDistance(key, name) <= 2)
                .min(Comparator.comparingInt((String name) -> editDistance(key, name)).thenComparing(name -> name))
                .map(name -> " (did you mean " + name + "?)")
                .orElse("");
    }

    static int editDistance(String a, String b) {
        int[] previous = new int[b.length() + 1];
        int[] current = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) {
            previous[j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            current[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int substitution = previous[j - 1] + (a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1);
                current[j] = Math.min(substitution, Math.min(previous[j], current[j - 1]) + 1);
            }
            int[] swap = previous;
            previous = current;
            current = swap;
        }
        return previous[b.length()];
    }
}

package kafkasim.common.scenario;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import kafkasim.common.envelope.EnvelopeEncoder;

/** Checks every field of a raw scenario; each problem names the field and the value found. */
final class ScenarioValidator {
    static final Pattern NAME = Pattern.compile("[A-Za-z0-9._-]{1,64}");
    static final Pattern TYPE = Pattern.compile("[a-z0-9_-]{1,32}");
    static final Pattern FIELD_NAME = Pattern.compile("[A-Za-z][A-Za-z0-9_]{0,31}");
    static final Pattern TOPIC = Pattern.compile("[A-Za-z0-9._-]{1,249}");
    static final int MAX_DURATION_SEC = 7 * 24 * 3600;
    static final int MAX_WORKERS = 256;
    static final int MAX_PAYLOAD_BYTES = 1_000_000;
    static final double MAX_RATE_PER_SEC = 100_000;
    /** The embedded cluster's limit (EmbeddedKafkaCluster.MAX_BROKERS: a 1 GB JVM each). */
    static final int MAX_EMBEDDED_BROKERS = 5;

    private final List<String> problems = new ArrayList<>();

    private ScenarioValidator() {
    }

    static List<String> validate(Scenario s) {
        ScenarioValidator v = new ScenarioValidator();
        v.check(s);
        return v.problems;
    }

    private void check(Scenario s) {
        if (s.name() == null) {
            problems.add("name is required");
        } else if (!NAME.matcher(s.name()).matches()) {
            problems.add("name must match " + NAME.pattern() + ", got \"" + s.name() + "\"");
        }
        if (s.durationSec() == null) {
            problems.add("durationSec is required");
        } else {
            range("durationSec", s.durationSec(), 1, MAX_DURATION_SEC);
        }
        if (s.warmupSec() != null) {
            if (s.warmupSec() < 0) {
                problems.add("warmupSec must be >= 0, got " + s.warmupSec());
            } else if (s.durationSec() != null && s.warmupSec() >= s.durationSec()) {
                problems.add("warmupSec must be shorter than durationSec (" + s.durationSec() + "), got "
                        + s.warmupSec());
            }
        }
        if (s.workers() != null) {
            range("workers", s.workers(), 1, MAX_WORKERS);
        }
        if (s.broker() != null && BrokerKind.find(s.broker()).isEmpty()) {
            problems.add("broker must be " + BrokerKind.choices() + ", got \"" + s.broker() + "\"");
        }
        if (s.kafka() != null) {
            checkKafka(s.kafka());
        }
        if (s.mqtt() != null) {
            checkMqtt(s.mqtt());
        }
        if (s.paths() != null) {
            checkPaths(s.paths());
        }
        if (s.faults() != null) {
            FaultChecks.check(s.faults(), s.durationSec(), problems);
        }
        if (s.timeScale() != null && !(s.timeScale() > 0 && s.timeScale() <= 1000)) {
            problems.add("timeScale must be > 0 and <= 1000, got " + s.timeScale());
        }
        if (s.security() != null) {
            SecurityChecks.check(s.security(), s, problems);
        }
        if (s.devices() == null) {
            problems.add("devices is required");
        } else if (s.devices().isEmpty()) {
            problems.add("devices must list at least one device group");
        } else {
            Map<String, Integer> firstOfType = new HashMap<>();
            for (int i = 0; i < s.devices().size(); i++) {
                checkDevices("devices[" + i + "]", s.devices().get(i), firstOfType, i);
            }
        }
    }

    private void checkKafka(KafkaSettings k) {
        if (k.topic() != null && !TOPIC.matcher(k.topic()).matches()) {
            problems.add("kafka.topic must match " + TOPIC.pattern() + ", got \"" + k.topic() + "\"");
        }
        if (k.logTopic() != null && !TOPIC.matcher(k.logTopic()).matches()) {
            problems.add("kafka.logTopic must match " + TOPIC.pattern() + ", got \"" + k.logTopic() + "\"");
        }
        if (k.alertsTopic() != null && !TOPIC.matcher(k.alertsTopic()).matches()) {
            problems.add("kafka.alertsTopic must match " + TOPIC.pattern() + ", got \"" + k.alertsTopic() + "\"");
        }
        KafkaSettings d = k.withDefaults();
        if (d.topic().equals(d.logTopic()) || d.topic().equals(d.alertsTopic()) || d.logTopic().equals(d.alertsTopic())) {
            problems.add("kafka.topic, kafka.logTopic and kafka.alertsTopic must differ, got \"" + d.topic() + "\", \""
                    + d.logTopic() + "\", \"" + d.alertsTopic() + "\"");
        }
        if (k.partitions() != null) {
            range("kafka.partitions", k.partitions(), 1, 10_000);
        }
        if (k.replicationFactor() != null) {
            range("kafka.replicationFactor", k.replicationFactor(), 1, Short.MAX_VALUE);
        }
        if (k.brokers() != null) {
            range("kafka.brokers", k.brokers(), 1, MAX_EMBEDDED_BROKERS);
        }
        if (k.minInsyncReplicas() != null) {
            range("kafka.minInsyncReplicas", k.minInsyncReplicas(), 1, Short.MAX_VALUE);
            if (k.minInsyncReplicas() > d.replicationFactor()) {
                problems.add("kafka.minInsyncReplicas (" + k.minInsyncReplicas() + ") must not exceed"
                        + " kafka.replicationFactor (" + d.replicationFactor() + "): no write could ever be"
                        + " acknowledged with acks=all");
            }
        }
        // names and values of kafka.producer are Kafka's to judge: the generator checks them with Kafka's validator
        if (k.producer() != null) {
            for (Map.Entry<String, String> e : k.producer().entrySet()) {
                if (e.getValue() == null) {
                    problems.add("kafka.producer." + e.getKey() + " must be a string");
                }
            }
        }
    }

    private void checkMqtt(MqttSettings m) {
        optionalRange("mqtt.qos", m.qos(), 0, 2);
        boolean v311 = MqttSettings.VERSION_3_1_1.equals(m.version());
        if (m.version() != null && !v311 && !MqttSettings.VERSION_5.equals(m.version())) {
            problems.add("mqtt.version must be \"5\" or \"3.1.1\", got \"" + m.version() + "\"");
        }
        if (m.sessionExpirySec() != null) {
            if (v311) {
                problems.add("mqtt.sessionExpirySec is MQTT 5 only: MQTT 3.1.1 keeps a session (cleanStart false)"
                        + " until the client cleans it; leave the field out");
            } else if (m.sessionExpirySec() < 0 || m.sessionExpirySec() > MqttSettings.MAX_SESSION_EXPIRY_SEC) {
                problems.add("mqtt.sessionExpirySec must be between 0 and " + MqttSettings.MAX_SESSION_EXPIRY_SEC
                        + ", got " + m.sessionExpirySec());
            }
        }
        optionalRange("mqtt.keepAliveSec", m.keepAliveSec(), 0, 65_535);
        if (m.consumerAck() != null && !MqttSettings.ACK_CHECKPOINT.equals(m.consumerAck())
                && !MqttSettings.ACK_RECEIPT.equals(m.consumerAck())) {
            problems.add("mqtt.consumerAck must be \"checkpoint\" or \"receipt\", got \"" + m.consumerAck() + "\"");
        }
        optionalRange("mqtt.brokerInflightWindow", m.brokerInflightWindow(), 1, 65_535);
        optionalRange("mqtt.brokerMaxQueuedMessages", m.brokerMaxQueuedMessages(), 1, 100_000_000);
    }

    private void checkPaths(PathSettings p) {
        if (p.checkpointIntervalMs() != null) {
            range("paths.checkpointIntervalMs", p.checkpointIntervalMs(), 100, 600_000);
        }
        if (p.fast() != null) {
            optionalRange("paths.fast.parallelism", p.fast().parallelism(), 1, 64);
            optionalRange("paths.fast.serviceTimeUs", p.fast().serviceTimeUs(), 0, 10_000_000);
            if (p.fast().zThreshold() != null && !(p.fast().zThreshold() > 0 && p.fast().zThreshold() <= 100)) {
                problems.add("paths.fast.zThreshold must be > 0 and <= 100, got " + p.fast().zThreshold());
            }
        }
        if (p.medium() != null) {
            optionalRange("paths.medium.parallelism", p.medium().parallelism(), 1, 64);
            optionalRange("paths.medium.batchSize", p.medium().batchSize(), 1, 100_000);
            optionalRange("paths.medium.batchIntervalMs", p.medium().batchIntervalMs(), 1, 600_000);
        }
        if (p.slow() != null) {
            optionalRange("paths.slow.parallelism", p.slow().parallelism(), 1, 64);
            optionalRange("paths.slow.rollIntervalMs", p.slow().rollIntervalMs(), 100, 3_600_000);
            Long roll = p.slow().rollSizeBytes();
            if (roll != null && (roll < 1024 || roll > (1L << 34))) {
                problems.add("paths.slow.rollSizeBytes must be between 1024 and 17179869184, got " + roll);
            }
        }
    }

    private void optionalRange(String field, Integer value, int min, int max) {
        if (value != null) {
            range(field, value, min, max);
        }
    }

    private void checkDevices(String at, DeviceGroup d, Map<String, Integer> firstOfType, int index) {
        if (d == null) {
            problems.add(at + " must be a JSON object");
            return;
        }
        if (d.type() == null) {
            problems.add(at + ".type is required");
        } else if (!TYPE.matcher(d.type()).matches()) {
            problems.add(at + ".type must match " + TYPE.pattern() + ", got \"" + d.type() + "\"");
        } else if (firstOfType.putIfAbsent(d.type(), index) != null) {
            problems.add(at + ".type \"" + d.type() + "\" repeats devices[" + firstOfType.get(d.type())
                    + "].type: give each group its own type name");
        }
        if (d.count() == null) {
            problems.add(at + ".count is required");
        } else {
            range(at + ".count", d.count(), 1, EnvelopeEncoder.MAX_DEVICE_INDEX + 1);
        }
        if (d.ratePerSec() == null) {
            problems.add(at + ".ratePerSec is required");
        } else if (!(d.ratePerSec() > 0) || d.ratePerSec() > MAX_RATE_PER_SEC) {
            problems.add(at + ".ratePerSec must be > 0 and <= " + (long) MAX_RATE_PER_SEC + ", got " + d.ratePerSec());
        }
        if (d.anomalyRate() != null && !(d.anomalyRate() >= 0 && d.anomalyRate() <= 1)) {
            problems.add(at + ".anomalyRate must be between 0 and 1, got " + d.anomalyRate());
        }
        boolean fieldsOk = d.fields() == null || checkFields(at, d.fields());
        if (d.payloadBytes() == null) {
            problems.add(at + ".payloadBytes is required");
        } else if (d.payloadBytes() > MAX_PAYLOAD_BYTES) {
            problems.add(at + ".payloadBytes must be <= " + MAX_PAYLOAD_BYTES + ", got " + d.payloadBytes());
        } else if (d.type() != null && TYPE.matcher(d.type()).matches() && fieldsOk) {
            List<ValueField> fields = d.fields() != null ? d.fields() : DeviceCatalog.fieldsFor(d.type());
            int min = EnvelopeEncoder.minPayloadBytes(d.type(), fields.stream().map(ValueField::name).toList());
            if (d.payloadBytes() < min) {
                problems.add(at + ".payloadBytes must be >= " + min + " (the envelope of type \"" + d.type()
                        + "\" without padding), got " + d.payloadBytes());
            }
        }
    }

    private boolean checkFields(String at, List<ValueField> fields) {
        int before = problems.size();
        if (fields.isEmpty()) {
            problems.add(at + ".fields must list at least one field (or be left out)");
        }
        Set<String> names = new HashSet<>();
        for (int i = 0; i < fields.size(); i++) {
            String f = at + ".fields[" + i + "]";
            ValueField v = fields.get(i);
            if (v == null) {
                problems.add(f + " must be a JSON object");
                continue;
            }
            if (v.name() == null) {
                problems.add(f + ".name is required");
            } else if (!FIELD_NAME.matcher(v.name()).matches()) {
                problems.add(f + ".name must match " + FIELD_NAME.pattern() + ", got \"" + v.name() + "\"");
            } else if (!names.add(v.name())) {
                problems.add(f + ".name \"" + v.name() + "\" is used twice");
            }
            finite(f + ".mean", v.mean(), true);
            finite(f + ".stddev", v.stddev(), true);
            if (v.stddev() != null && v.stddev() < 0) {
                problems.add(f + ".stddev must be >= 0, got " + v.stddev());
            }
            finite(f + ".min", v.min(), false);
            finite(f + ".max", v.max(), false);
            if (v.min() != null && v.max() != null && v.min() > v.max()) {
                problems.add(f + ".min must be <= " + f + ".max, got " + v.min() + " > " + v.max());
            }
        }
        return problems.size() == before;
    }

    private void finite(String field, Double value, boolean required) {
        if (value == null) {
            if (required) {
                problems.add(field + " is required");
            }
        } else if (!Double.isFinite(value) || Math.abs(value) > ValueField.MAX_ABS_VALUE) {
            problems.add(field + " must be a number within ±" + (long) ValueField.MAX_ABS_VALUE + ", got " + value);
        }
    }

    private void range(String field, int value, int min, int max) {
        if (value < min) {
            problems.add(field + " must be >= " + min + ", got " + value);
        } else if (value > max) {
            problems.add(field + " must be <= " + max + ", got " + value);
        }
    }
}

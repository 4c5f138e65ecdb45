package kafkasim.common.jobs;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import kafkasim.common.mqtt.MqttUrl;
import kafkasim.common.scenario.MqttSettings;
import kafkasim.common.security.MqttClientSecurity;
import kafkasim.common.topics.DefaultTopics;

/**
 * Where a path job reads the devices' envelopes: exactly one broker, named by the JSON key that wraps its settings
 * ({@code {"kafka": {…}}} or {@code {"mqtt": {…}}}), so a spec cannot carry the settings of both or of neither.
 * Optional fields are filled with their defaults on construction; {@link #problems()} checks the rest.
 */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, include = JsonTypeInfo.As.WRAPPER_OBJECT)
@JsonSubTypes({@JsonSubTypes.Type(value = JobSource.Kafka.class, name = JobSource.KAFKA),
        @JsonSubTypes.Type(value = JobSource.Mqtt.class, name = JobSource.MQTT)})
public sealed interface JobSource extends Serializable permits JobSource.Kafka, JobSource.Mqtt {
    String KAFKA = "kafka";
    String MQTT = "mqtt";

    /** What is wrong with these settings, each naming its field (relative to this object); empty when valid. */
    List<String> problems();

    /**
     * The new architecture: Flink's Kafka connector on the telemetry topic, from the earliest offset, in the job's
     * consumer group ({@link JobSpec#groupId()}).
     *
     * @param bootstrap Kafka bootstrap servers, {@code host:port[,…]}; required
     * @param topic     the telemetry topic (default {@value DefaultTopics#TELEMETRY})
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    record Kafka(String bootstrap, String topic) implements JobSource {
        public Kafka {
            topic = topic == null ? DefaultTopics.TELEMETRY : topic;
        }

        @Override
        public List<String> problems() {
            List<String> p = new ArrayList<>();
            Checks.text(p, "bootstrap", bootstrap);
            Checks.text(p, "topic", topic);
            return p;
        }
    }

    /**
     * The old architecture: kafkasim's FLIP-27 MQTT source, one split (one connection, one persistent session with
     * client id {@code <groupId>-<split>}) per topic filter, so a device's messages keep their order.
     *
     * @param url          {@code tcp://host:port}; required
     * @param topicFilters one split per filter (default every device's telemetry,
     *                     {@value MqttSettings#ALL_TELEMETRY})
     * @param qos          subscription QoS, 0..2 (default 1)
     * @param ack          when a message is acknowledged to the broker: {@code checkpoint} (after the checkpoint that
     *                     covers it completed; default) or {@code receipt} (on arrival, as a plain consumer does)
     * @param security     how the job's connections authenticate and encrypt (default {@link MqttClientSecurity#PLAIN};
     *                     only file paths, never a secret)
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    record Mqtt(String url, List<String> topicFilters, Integer qos, String ack, MqttClientSecurity security)
            implements JobSource {
        @JsonCreator
        public Mqtt {
            // not List.copyOf: a null filter is a problem to report with its index, not a NullPointerException
            topicFilters = topicFilters == null ? List.of(MqttSettings.ALL_TELEMETRY)
                    : Collections.unmodifiableList(new ArrayList<>(topicFilters));
            qos = qos == null ? MqttSettings.DEFAULT_QOS : qos;
            ack = ack == null ? MqttSettings.ACK_CHECKPOINT : ack;
            security = security == null ? MqttClientSecurity.PLAIN : security;
        }

        /** Plain TCP, anonymous (the source before security). */
        public Mqtt(String url, List<String> topicFilters, Integer qos, String ack) {
            this(url, topicFilters, qos, ack, null);
        }

        /** Whether messages are acknowledged after the covering checkpoint (else on receipt). */
        public boolean ackAfterCheckpoint() {
            return MqttSettings.ACK_CHECKPOINT.equals(ack);
        }

        @Override
        public List<String> problems() {
            List<String> p = new ArrayList<>();
            Checks.text(p, "url", url);
            if (url != null && !url.isBlank()) {
                try {
                    MqttUrl.parse(url);
                } catch (IllegalArgumentException e) {
                    p.add("url " + e.getMessage());
                }
            }
            if (topicFilters.isEmpty()) {
                p.add("topicFilters must list at least one topic filter, got []");
            }
            for (int i = 0; i < topicFilters.size(); i++) {
                Checks.text(p, "topicFilters[" + i + "]", topicFilters.get(i));
            }
            if (qos < 0 || qos > 2) {
                p.add("qos must be 0, 1 or 2, got " + qos);
            }
            if (!MqttSettings.ACK_CHECKPOINT.equals(ack) && !MqttSettings.ACK_RECEIPT.equals(ack)) {
                p.add("ack must be " + MqttSettings.ACK_CHECKPOINT + " or " + MqttSettings.ACK_RECEIPT + ", got \""
                        + ack + "\"");
            }
            for (String problem : security.problems()) {
                p.add("security." + problem);
            }
            return p;
        }
    }
}

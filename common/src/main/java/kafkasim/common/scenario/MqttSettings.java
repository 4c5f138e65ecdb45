package kafkasim.common.scenario;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * MQTT settings of a scenario (the old architecture: devices → MQTT broker → the same three jobs). Devices publish to
 * {@code devices/{type}/{deviceId}/telemetry} with one connection each (client id = deviceId).
 *
 * @param qos                     QoS of the devices' publishes and of the jobs' subscriptions: 0, 1 or 2 (default 1)
 * @param version                 protocol of the device connections: {@code "5"} or {@code "3.1.1"} (default
 *                                {@code "5"})
 * @param cleanStart              devices start a new session on every connect (default true); false keeps the
 *                                session on the broker (MQTT 3.1.1: clean session off)
 * @param sessionExpirySec        MQTT 5: how long the broker keeps a device's session after it disconnected, s
 *                                (default 0; MQTT 3.1.1 has no expiry and does not take this field)
 * @param keepAliveSec            device keep-alive, s (default 60; 0 = off)
 * @param consumerAck             when the jobs' MQTT source acknowledges a message: {@code "checkpoint"} (after the
 *                                Flink checkpoint that covers it; default) or {@code "receipt"} (on arrival, like a
 *                                plain MQTT consumer)
 * @param brokerInflightWindow    embedded brokers only: how many unacknowledged QoS 1/2 messages the broker sends
 *                                one subscriber (default 10000; HiveMQ CE's own default is 50, Mosquitto's 20).
 *                                HiveMQ CE sends a subscriber its next batch (up to this many) only once everything
 *                                in flight was acknowledged, and takes a packet id for each before it sends: at
 *                                65535 a poll finds too few ids free and delivers nothing
 * @param brokerMaxQueuedMessages embedded brokers only: messages the broker queues per subscriber beyond the window
 *                                before it drops (default 100000; both brokers' own default is 1000)
 * @param brokerPersistence       embedded brokers only: sessions, subscriptions and queued messages on disk, kept when
 *                                the broker restarts (default true, both brokers' own default); false keeps them in
 *                                memory (HiveMQ CE {@code <persistence><mode>in-memory}, Mosquitto
 *                                {@code persistence false}): a restarted broker has forgotten every session and queue
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record MqttSettings(Integer qos, String version, Boolean cleanStart, Long sessionExpirySec,
                           Integer keepAliveSec, String consumerAck, Integer brokerInflightWindow,
                           Integer brokerMaxQueuedMessages, Boolean brokerPersistence) {

    public static final String VERSION_5 = "5";
    public static final String VERSION_3_1_1 = "3.1.1";
    public static final String ACK_CHECKPOINT = "checkpoint";
    public static final String ACK_RECEIPT = "receipt";
    public static final int DEFAULT_QOS = 1;
    public static final int DEFAULT_KEEP_ALIVE_SEC = 60;
    /**
     * Far above a checkpoint interval's messages per subscription at kafkasim's scenarios, and far enough below the
     * 65,535 packet ids of a connection for HiveMQ CE, which reserves a whole window of ids per poll.
     */
    public static final int DEFAULT_BROKER_INFLIGHT_WINDOW = 10_000;
    public static final int DEFAULT_BROKER_MAX_QUEUED_MESSAGES = 100_000;
    /** MQTT 5's Session Expiry Interval is a four-byte integer. */
    public static final long MAX_SESSION_EXPIRY_SEC = 4_294_967_295L;
    static final MqttSettings EMPTY = new MqttSettings(null, null, null, null, null, null, null, null, null);

    public MqttSettings withDefaults() {
        return new MqttSettings(
                qos == null ? DEFAULT_QOS : qos,
                version == null ? VERSION_5 : version,
                cleanStart == null ? Boolean.TRUE : cleanStart,
                sessionExpirySec == null && !VERSION_3_1_1.equals(version) ? Long.valueOf(0) : sessionExpirySec,
                keepAliveSec == null ? DEFAULT_KEEP_ALIVE_SEC : keepAliveSec,
                consumerAck == null ? ACK_CHECKPOINT : consumerAck,
                brokerInflightWindow == null ? DEFAULT_BROKER_INFLIGHT_WINDOW : brokerInflightWindow,
                brokerMaxQueuedMessages == null ? DEFAULT_BROKER_MAX_QUEUED_MESSAGES : brokerMaxQueuedMessages,
                brokerPersistence == null ? Boolean.TRUE : brokerPersistence);
    }

    /** The topic a device publishes to. */
    public static String telemetryTopic(String type, String deviceId) {
        return "devices/" + type + "/" + deviceId + "/telemetry";
    }

    /** The filter of one device type's telemetry. */
    public static String telemetryFilter(String type) {
        return "devices/" + type + "/+/telemetry";
    }

    /** The filter of every device's telemetry. */
    public static final String ALL_TELEMETRY = "devices/+/+/telemetry";
}

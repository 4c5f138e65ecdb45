package kafkasim.jobs.source.mqtt;

import com.hivemq.client.mqtt.MqttVersion;
import com.hivemq.client.mqtt.datatypes.MqttTopicFilter;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;
import kafkasim.common.security.MqttClientSecurity;

/**
 * Builds an {@link MqttSource}. Required: {@link #serverUri}, {@link #topicFilters}, {@link #clientIdPrefix},
 * {@link #deserializer}. {@link #build()} checks every field and reports all problems at once, each naming its
 * field.
 */
public final class MqttSourceBuilder<T> {
    public static final int DEFAULT_QOS = 1;
    public static final long DEFAULT_SESSION_EXPIRY_SEC = 3600;
    /** The protocol's maximum: the broker's own in-flight window, not the client, limits the flow. */
    public static final int DEFAULT_RECEIVE_MAXIMUM = 65_535;
    /** MQTT 5's "never expires" (the largest four-byte value). */
    public static final long MAX_SESSION_EXPIRY_SEC = 0xFFFF_FFFFL;
    private static final Pattern CLIENT_ID_PREFIX = Pattern.compile("[A-Za-z0-9._-]{1,64}");

    private String serverUri;
    private List<String> topicFilters;
    private String clientIdPrefix;
    private int qos = DEFAULT_QOS;
    private MqttAckMode ackMode = MqttAckMode.AFTER_CHECKPOINT;
    private long sessionExpirySec = DEFAULT_SESSION_EXPIRY_SEC;
    private int receiveMaximum = DEFAULT_RECEIVE_MAXIMUM;
    private MqttVersion mqttVersion = MqttVersion.MQTT_5_0;
    private MqttRecordDeserializer<T> deserializer;
    private MqttClientSecurity security = MqttClientSecurity.PLAIN;

    MqttSourceBuilder() {
    }

    /** The broker, {@code tcp://host:port} (port 1883 if left out). */
    public MqttSourceBuilder<T> serverUri(String serverUri) {
        this.serverUri = serverUri;
        return this;
    }

    /**
     * One subscription (split, connection) per filter, e.g. one per device type
     * ({@code devices/temperature/+/telemetry}) or one for all ({@code devices/+/+/telemetry}). Filters must not
     * overlap: a message that matches two is read twice.
     */
    public MqttSourceBuilder<T> topicFilters(List<String> topicFilters) {
        this.topicFilters = topicFilters == null ? null : new ArrayList<>(topicFilters);
        return this;
    }

    /** Letters, digits, {@code . _ -}; unique per job (it names the broker sessions). */
    public MqttSourceBuilder<T> clientIdPrefix(String clientIdPrefix) {
        this.clientIdPrefix = clientIdPrefix;
        return this;
    }

    /** The subscriptions' QoS, 0–2 (default 1). */
    public MqttSourceBuilder<T> qos(int qos) {
        this.qos = qos;
        return this;
    }

    /** Default {@link MqttAckMode#AFTER_CHECKPOINT}. */
    public MqttSourceBuilder<T> ackMode(MqttAckMode ackMode) {
        this.ackMode = ackMode;
        return this;
    }

    /** How long the broker keeps a split's session without a connection (MQTT 5), default 1 hour. */
    public MqttSourceBuilder<T> sessionExpirySec(long sessionExpirySec) {
        this.sessionExpirySec = sessionExpirySec;
        return this;
    }

    /**
     * Unacknowledged QoS 1/2 messages the broker may send per connection (MQTT 5), 1–65,535, default 65,535. Keep the
     * default against Mosquitto 2.0.11, which overruns a small one (see {@link MqttSource}).
     */
    public MqttSourceBuilder<T> receiveMaximum(int receiveMaximum) {
        this.receiveMaximum = receiveMaximum;
        return this;
    }

    /** MQTT 5 (default) or 3.1.1. */
    public MqttSourceBuilder<T> mqttVersion(MqttVersion mqttVersion) {
        this.mqttVersion = mqttVersion;
        return this;
    }

    /** TLS and the job's principal (default plain, anonymous); its files are read when a reader connects. */
    public MqttSourceBuilder<T> security(MqttClientSecurity security) {
        this.security = security;
        return this;
    }

    public MqttSourceBuilder<T> deserializer(MqttRecordDeserializer<T> deserializer) {
        this.deserializer = deserializer;
        return this;
    }

    /** The source; {@link IllegalArgumentException} naming every field that is missing or wrong. */
    public MqttSource<T> build() {
        List<String> problems = new ArrayList<>();
        URI uri = checkServerUri(problems);
        checkTopicFilters(problems);
        if (clientIdPrefix == null) {
            problems.add("clientIdPrefix is not set");
        } else if (!CLIENT_ID_PREFIX.matcher(clientIdPrefix).matches()) {
            problems.add("clientIdPrefix '" + clientIdPrefix + "' must be 1-64 letters, digits, '.', '_' or '-'");
        }
        if (qos < 0 || qos > 2) {
            problems.add("qos must be 0, 1 or 2, was " + qos);
        }
        if (ackMode == null) {
            problems.add("ackMode is not set");
        } else if (ackMode == MqttAckMode.AFTER_CHECKPOINT && qos == 0) {
            problems.add("ackMode AFTER_CHECKPOINT needs qos 1 or 2 (QoS 0 messages are never acknowledged nor "
                    + "redelivered); use ackMode ON_RECEIPT with qos 0");
        }
        if (sessionExpirySec < 0 || sessionExpirySec > MAX_SESSION_EXPIRY_SEC) {
            problems.add("sessionExpirySec must be 0-" + MAX_SESSION_EXPIRY_SEC + ", was " + sessionExpirySec);
        } else if (sessionExpirySec == 0 && ackMode == MqttAckMode.AFTER_CHECKPOINT
                && mqttVersion == MqttVersion.MQTT_5_0) {
            problems.add("sessionExpirySec must be above 0 with ackMode AFTER_CHECKPOINT: a session that ends with "
                    + "its connection takes the unacknowledged messages with it");
        }
        if (receiveMaximum < 1 || receiveMaximum > 65_535) {
            problems.add("receiveMaximum must be 1-65535, was " + receiveMaximum);
        }
        if (mqttVersion == null) {
            problems.add("mqttVersion is not set");
        }
        if (deserializer == null) {
            problems.add("deserializer is not set");
        }
        if (security == null) {
            problems.add("security is not set");
        } else {
            security.problems().forEach(p -> problems.add("security." + p));
        }
        if (!problems.isEmpty()) {
            throw new IllegalArgumentException("invalid MQTT source: " + String.join("; ", problems));
        }
        MqttSourceSettings settings = new MqttSourceSettings(uri.getHost(), uri.getPort() == -1 ? 1883 : uri.getPort(),
                clientIdPrefix, qos, ackMode, sessionExpirySec, receiveMaximum, mqttVersion, security);
        return new MqttSource<>(settings, topicFilters, deserializer);
    }

    private URI checkServerUri(List<String> problems) {
        if (serverUri == null) {
            problems.add("serverUri is not set");
            return null;
        }
        String expected = "serverUri '" + serverUri + "' must be tcp://host:port";
        try {
            URI uri = new URI(serverUri);
            if (!"tcp".equals(uri.getScheme()) || uri.getHost() == null || uri.getUserInfo() != null
                    || (uri.getPath() != null && !uri.getPath().isEmpty()) || uri.getQuery() != null
                    || uri.getFragment() != null) {
                problems.add(expected);
                return null;
            }
            if (uri.getPort() == 0 || uri.getPort() > 65_535) {
                problems.add("serverUri '" + serverUri + "' has port " + uri.getPort() + ", not 1-65535");
                return null;
            }
            return uri;
        } catch (URISyntaxException e) {
            problems.add(expected + " (" + e.getMessage() + ")");
            return null;
        }
    }

    private void checkTopicFilters(List<String> problems) {
        if (topicFilters == null || topicFilters.isEmpty()) {
            problems.add("topicFilters is not set (at least one filter)");
            return;
        }
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < topicFilters.size(); i++) {
            String filter = topicFilters.get(i);
            String field = "topicFilters[" + i + "]";
            if (filter == null) {
                problems.add(field + " is null");
                continue;
            }
            try {
                if (MqttTopicFilter.of(filter).isShared()) {
                    problems.add(field + " '" + filter + "' is a shared subscription: the broker hands its messages "
                            + "out one by one across subscribers, so per-device order is lost; use one filter per "
                            + "device group instead");
                }
            } catch (IllegalArgumentException e) {
                problems.add(field + " '" + filter + "' is not an MQTT topic filter: " + e.getMessage());
            }
            if (!seen.add(filter)) {
                problems.add(field + " '" + filter + "' appears twice");
            }
        }
    }
}

package kafkasim.generator.plan;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import kafkasim.common.mqtt.MqttUrl;
import kafkasim.common.scenario.BrokerKind;
import kafkasim.common.scenario.MqttSettings;
import kafkasim.common.security.MqttClientSecurity;
import kafkasim.common.security.Principals;
import kafkasim.common.security.SecurityFiles;
import kafkasim.common.security.SecurityMode;
import kafkasim.common.security.SecuritySettings;
import kafkasim.generator.transport.Transport;
import kafkasim.generator.transport.mqtt.MqttClientSettings;
import kafkasim.generator.transport.mqtt.MqttTransport;

/**
 * Devices publish over MQTT, one connection per device.
 *
 * @param mqttUrl  the broker, {@code tcp://host:port} (TLS or not is the security's mode: the URL stays tcp)
 * @param mqtt     the devices' MQTT settings (protocol, QoS, sessions)
 * @param security per device type, how its group connects (the principal {@code device-<type>}'s files, with the
 *                 scenario's deviations: {@link #deviceSecurity}); absent or a type left out: plain, anonymous
 */
public record MqttTransportConfig(String mqttUrl, MqttSettings mqtt,
                                  @JsonInclude(JsonInclude.Include.NON_EMPTY) Map<String, MqttClientSecurity> security)
        implements TransportConfig {
    /**
     * MQTT devices per worker: each is a connection, i.e. a file descriptor of the worker, and a process may open
     * 20,000 here ({@code ulimit -n}); the rest is left for the JVM's own files and sockets. This bound wins over the
     * cores bound: a worker cannot hold more.
     */
    static final int MAX_DEVICES_PER_WORKER = 15_000;

    @JsonCreator
    public MqttTransportConfig {
        security = security == null ? Map.of() : Map.copyOf(security);
    }

    /** Plain TCP, anonymous devices. */
    public MqttTransportConfig(String mqttUrl, MqttSettings mqtt) {
        this(mqttUrl, mqtt, Map.of());
    }

    /**
     * Each device group's security in {@code mode}: the files of its principal {@code device-<type>}, without a
     * certificate (mtls) or credentials (sasl_ssl) for a group whose {@code credentials} is "none" (a group with a
     * wrong password needs nothing here: its credentials file holds it).
     */
    public static Map<String, MqttClientSecurity> deviceSecurity(SecurityMode mode, SecuritySettings settings,
                                                                 SecurityFiles files, Collection<String> types) {
        Map<String, MqttClientSecurity> out = new TreeMap<>();
        if (mode == SecurityMode.PLAIN) {
            return out;
        }
        SecuritySettings s = settings.withDefaults();
        for (String type : types) {
            out.put(type, MqttClientSecurity.of(mode, files, Principals.devices(type),
                    s.group(type).withDefaults().credentials()));
        }
        return out;
    }

    @Override
    public BrokerKind kind() {
        return BrokerKind.MQTT;
    }

    @Override
    public int maxDevicesPerWorker() {
        return MAX_DEVICES_PER_WORKER;
    }

    @Override
    public Transport open(String clientId) {
        return new MqttTransport(mqttUrl, mqtt, security); // each device's connection is named by its device id
    }

    @Override
    public List<String> problems(String at) {
        List<String> problems = new ArrayList<>();
        if (mqttUrl == null || mqtt == null) {
            problems.add(at + " with mqttUrl and mqtt is required for broker \"mqtt\"");
            return problems;
        }
        try {
            MqttUrl.parse(mqttUrl);
        } catch (IllegalArgumentException e) {
            problems.add(at + ".mqttUrl " + e.getMessage());
        }
        problems.addAll(MqttClientSettings.problems(mqtt, at + ".mqtt"));
        security.forEach((type, s) -> s.problems().forEach(p -> problems.add(at + ".security." + type + "." + p)));
        return problems;
    }
}

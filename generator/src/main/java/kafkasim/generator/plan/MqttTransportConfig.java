package kafkasim.generator.plan;

import java.util.ArrayList;
import java.util.List;
import kafkasim.common.mqtt.MqttUrl;
import kafkasim.common.scenario.BrokerKind;
import kafkasim.common.scenario.MqttSettings;
import kafkasim.generator.transport.Transport;
import kafkasim.generator.transport.mqtt.MqttClientSettings;
import kafkasim.generator.transport.mqtt.MqttTransport;

/**
 * Devices publish over MQTT, one connection per device.
 *
 * @param mqttUrl the broker, {@code tcp://host:port}
 * @param mqtt    the devices' MQTT settings (protocol, QoS, sessions)
 */
public record MqttTransportConfig(String mqttUrl, MqttSettings mqtt) implements TransportConfig {
    /**
     * MQTT devices per worker: each is a connection, i.e. a file descriptor of the worker, and a process may open
     * 20,000 here ({@code ulimit -n}); the rest is left for the JVM's own files and sockets. This bound wins over the
     * cores bound: a worker cannot hold more.
     */
    static final int MAX_DEVICES_PER_WORKER = 15_000;

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
        return new MqttTransport(mqttUrl, mqtt); // each device's connection is named by its device id
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
        return problems;
    }
}

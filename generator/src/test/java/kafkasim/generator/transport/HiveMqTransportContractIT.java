package kafkasim.generator.transport;

import kafkasim.infra.mqtt.EmbeddedHiveMq;
import org.junit.jupiter.api.BeforeAll;

/** The transport contract on the embedded HiveMQ CE broker. */
class HiveMqTransportContractIT extends MqttTransportContract {
    @BeforeAll
    static void start() {
        startBroker(EmbeddedHiveMq.KIND);
    }
}

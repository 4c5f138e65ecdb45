package kafkasim.generator.transport;

import kafkasim.infra.mqtt.EmbeddedMosquitto;
import org.junit.jupiter.api.BeforeAll;

/** The transport contract on Debian's Mosquitto. */
class MosquittoTransportContractIT extends MqttTransportContract {
    @BeforeAll
    static void start() {
        startBroker(EmbeddedMosquitto.KIND);
    }
}

package kafkasim.jobs.source.mqtt;

import kafkasim.infra.mqtt.EmbeddedMosquitto;
import org.junit.jupiter.api.BeforeAll;

/** The envelope source contract on Debian's Mosquitto, started by infra's launcher. */
class MosquittoEnvelopeSourceContractIT extends MqttEnvelopeSourceContract {
    @BeforeAll
    static void start() {
        startBroker(EmbeddedMosquitto.KIND);
    }
}

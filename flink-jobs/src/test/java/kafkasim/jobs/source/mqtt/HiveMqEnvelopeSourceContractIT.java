package kafkasim.jobs.source.mqtt;

import kafkasim.infra.mqtt.EmbeddedHiveMq;
import org.junit.jupiter.api.BeforeAll;

/** The envelope source contract on HiveMQ CE in its own JVM, started by infra's launcher. */
class HiveMqEnvelopeSourceContractIT extends MqttEnvelopeSourceContract {
    @BeforeAll
    static void start() {
        startBroker(EmbeddedHiveMq.KIND);
    }
}

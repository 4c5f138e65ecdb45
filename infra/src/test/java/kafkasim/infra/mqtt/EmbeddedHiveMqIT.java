package kafkasim.infra.mqtt;

import java.nio.file.Path;

/** HiveMQ CE in its child JVM, checked with Debian's MQTT clients. */
class EmbeddedHiveMqIT extends EmbeddedMqttBrokerITBase {
    @Override
    EmbeddedMqttBroker start(Path dataDir) {
        return EmbeddedHiveMq.start(dataDir);
    }

    @Override
    String kind() {
        return EmbeddedHiveMq.KIND;
    }
}

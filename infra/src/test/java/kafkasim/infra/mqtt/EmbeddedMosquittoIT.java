package kafkasim.infra.mqtt;

import java.nio.file.Path;

/** Mosquitto under its watcher JVM, checked with Debian's MQTT clients. */
class EmbeddedMosquittoIT extends EmbeddedMqttBrokerITBase {
    @Override
    EmbeddedMqttBroker start(Path dataDir) {
        return EmbeddedMosquitto.start(dataDir);
    }

    @Override
    String kind() {
        return EmbeddedMosquitto.KIND;
    }
}

package kafkasim.infra.mqtt;

import kafkasim.infra.FreePorts;
import kafkasim.infra.StartException;
import kafkasim.infra.launch.ServerLauncher;

/** The port a broker start tries: a requested one, or (0) a free one per attempt. */
final class BrokerPorts {
    private BrokerPorts() {
    }

    /** @throws IllegalArgumentException if {@code port} is outside 0..65535 */
    static void check(int port) {
        if (port < 0 || port > 65_535) {
            throw new IllegalArgumentException("port must be 0 (pick a free one) or 1..65535, was " + port);
        }
    }

    /**
     * {@code requested}, checked to be free (a broker failing to bind it while a foreign server answers there would
     * look ready), or a free port if {@code requested} is 0.
     */
    static int choose(int requested, String kind) {
        if (requested == 0) {
            return FreePorts.pick();
        }
        if (!FreePorts.isFree(requested)) {
            throw new StartException(kind + " failed to start: " + EmbeddedMqttBroker.HOST + ":" + requested
                    + " is taken by another process");
        }
        return requested;
    }

    /** Attempts of a start: a picked port taken before the bind is retried with another, a requested one not. */
    static int attempts(int requested) {
        return requested == 0 ? ServerLauncher.BIND_ATTEMPTS : 1;
    }
}

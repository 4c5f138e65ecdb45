package kafkasim.infra.mqtt;

import java.nio.file.Path;
import java.util.stream.Collectors;

import kafkasim.common.process.ParentWatch;

/**
 * Test helper run as a child JVM by {@link EmbeddedMqttBrokerOrphanIT}: starts a broker of kind {@code args[0]} in
 * {@code args[1]} (its processes are thus descendants of the test JVM's child), prints {@code PIDS <pid>...} (every
 * process of the broker) and {@code BROKER_PID <pid>}, then sleeps until it is killed.
 */
public final class MqttOrphanParentMain {
    private MqttOrphanParentMain() {
    }

    public static void main(String[] args) throws InterruptedException {
        ParentWatch.start(0);
        try {
            EmbeddedMqttBroker broker = EmbeddedMqttBroker.start(args[0], Path.of(args[1]), 0,
                    MqttBrokerOptions.defaults());
            System.out.println("PIDS " + broker.processes().stream().map(p -> Long.toString(p.pid()))
                    .collect(Collectors.joining(" ")));
            System.out.println("BROKER_PID " + broker.pid());
        } catch (RuntimeException e) {
            System.out.println("FAILED " + e.getMessage());
            System.exit(1);
        }
        System.out.flush();
        Thread.sleep(Long.MAX_VALUE);
    }
}

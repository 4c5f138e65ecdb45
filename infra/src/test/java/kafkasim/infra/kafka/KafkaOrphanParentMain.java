package kafkasim.infra.kafka;

import java.nio.file.Path;

import kafkasim.common.process.ParentWatch;

/**
 * Test helper run as a child JVM by {@link EmbeddedKafkaOrphanIT}: starts an {@link EmbeddedKafka} (its broker is
 * thus a grandchild of the test JVM), prints {@code BROKER_PID <pid>} and {@code BOOTSTRAP <host:port>}, then
 * sleeps until it is killed.
 */
public final class KafkaOrphanParentMain {
    private KafkaOrphanParentMain() {
    }

    public static void main(String[] args) throws InterruptedException {
        ParentWatch.start(0);
        QuietKafkaClients.apply();
        try {
            EmbeddedKafka kafka = EmbeddedKafka.start(Path.of(args[0]));
            System.out.println("BROKER_PID " + kafka.pid());
            System.out.println("BOOTSTRAP " + kafka.bootstrap());
        } catch (RuntimeException e) {
            System.out.println("FAILED " + e.getMessage());
            System.exit(1);
        }
        System.out.flush();
        Thread.sleep(Long.MAX_VALUE);
    }
}

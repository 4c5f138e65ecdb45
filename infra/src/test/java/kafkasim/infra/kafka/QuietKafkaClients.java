package kafkasim.infra.kafka;

import org.slf4j.LoggerFactory;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;

/** Keeps the Kafka clients used in the tests at WARN (logback's default is DEBUG on the console). */
final class QuietKafkaClients {
    private QuietKafkaClients() {
    }

    static void apply() {
        if (LoggerFactory.getLogger("org.apache.kafka") instanceof Logger logger) {
            logger.setLevel(Level.WARN);
        }
    }
}

package kafkasim.generator.transport;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;
import kafkasim.generator.transport.kafka.KafkaTopics;
import kafkasim.generator.transport.kafka.KafkaTransport;
import kafkasim.generator.transport.kafka.ProducerSettings;
import kafkasim.infra.kafka.EmbeddedKafka;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;

/** The transport contract on a real KRaft broker; the reader is a plain Kafka consumer. */
class KafkaTransportContractIT extends TransportContract {
    static final String TOPIC = "contract";
    @TempDir
    static Path brokerDir;
    static EmbeddedKafka kafka;

    @BeforeAll
    static void startBroker() throws Exception {
        kafka = EmbeddedKafka.start(brokerDir);
        KafkaTopics.ensure(kafka.bootstrap(), Map.of(TOPIC, 3), 1, 30_000);
    }

    @AfterAll
    static void stopBroker() {
        if (kafka != null) {
            kafka.close();
        }
    }

    @Override
    protected Transport newTransport(String clientId) {
        return new KafkaTransport(kafka.bootstrap(), TOPIC, ProducerSettings.effective(Map.of()), clientId);
    }

    @Override
    protected void restartBroker() {
        kafka = kafka.restart();
    }

    @Override
    protected Reader newReader(List<DeviceAddress> devices) {
        Set<String> ids = devices.stream().map(DeviceAddress::deviceId).collect(Collectors.toSet());
        Properties p = new Properties();
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrap());
        p.put(ConsumerConfig.GROUP_ID_CONFIG, "contract-" + UUID.randomUUID());
        p.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        Map<String, List<String>> received = new ConcurrentHashMap<>();
        KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(p, new ByteArrayDeserializer(),
                new ByteArrayDeserializer());
        consumer.subscribe(List.of(TOPIC));
        return new Reader() {
            @Override
            public Map<String, List<String>> received() {
                // the consumer is not thread-safe: the test's thread polls it here, where it looks
                for (var r : consumer.poll(Duration.ofMillis(100))) {
                    String key = new String(r.key(), StandardCharsets.UTF_8);
                    if (ids.contains(key)) {
                        received.computeIfAbsent(key, k -> new ArrayList<>())
                                .add(new String(r.value(), StandardCharsets.US_ASCII));
                    }
                }
                Map<String, List<String>> copy = new HashMap<>();
                received.forEach((k, v) -> copy.put(k, List.copyOf(v)));
                return copy;
            }

            @Override
            public void close() {
                consumer.close(Duration.ofSeconds(5));
            }
        };
    }
}

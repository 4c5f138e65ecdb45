package kafkasim.generator.transport.kafka;

import kafkasim.common.security.KafkaClientSecurity;

import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.errors.TopicExistsException;

/** Creates the run's topics; an existing topic is kept as it is (its partition count is reported). */
public final class KafkaTopics {
    private KafkaTopics() {
    }

    /** Returns topic name → partition count, after creating the missing topics. */
    public static Map<String, Integer> ensure(String bootstrap, Map<String, Integer> partitionsByTopic,
                                              int replicationFactor, long timeoutMs) throws Exception {
        return ensure(bootstrap, partitionsByTopic, replicationFactor, Map.of(), timeoutMs);
    }

    /**
     * As above; {@code configsByTopic} are topic configs of the topics created here, e.g.
     * {@code min.insync.replicas} of the telemetry topic.
     */
    public static Map<String, Integer> ensure(String bootstrap, Map<String, Integer> partitionsByTopic,
                                              int replicationFactor, Map<String, Map<String, String>> configsByTopic,
                                              long timeoutMs) throws Exception {
        return ensure(bootstrap, KafkaClientSecurity.NONE, partitionsByTopic, replicationFactor, configsByTopic,
                timeoutMs);
    }

    /** As above, the admin client connecting with {@code security}. */
    public static Map<String, Integer> ensure(String bootstrap, KafkaClientSecurity security,
                                              Map<String, Integer> partitionsByTopic, int replicationFactor,
                                              Map<String, Map<String, String>> configsByTopic, long timeoutMs)
            throws Exception {
        Properties props = security.applyTo(new Properties());
        props.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        props.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, (int) timeoutMs);
        props.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, (int) Math.min(timeoutMs, 30_000));
        try (Admin admin = Admin.create(props)) {
            Set<String> existing = admin.listTopics().names().get(timeoutMs, TimeUnit.MILLISECONDS);
            List<NewTopic> missing = partitionsByTopic.entrySet().stream()
                    .filter(e -> !existing.contains(e.getKey()))
                    .map(e -> new NewTopic(e.getKey(), e.getValue(), (short) replicationFactor)
                            .configs(configsByTopic.getOrDefault(e.getKey(), Map.of())))
                    .toList();
            try {
                admin.createTopics(missing).all().get(timeoutMs, TimeUnit.MILLISECONDS);
            } catch (ExecutionException e) {
                if (!(e.getCause() instanceof TopicExistsException)) {
                    throw e;
                }
            }
            Map<String, TopicDescription> described = admin.describeTopics(partitionsByTopic.keySet())
                    .allTopicNames().get(timeoutMs, TimeUnit.MILLISECONDS);
            return described.entrySet().stream().collect(java.util.stream.Collectors.toMap(Map.Entry::getKey,
                    e -> e.getValue().partitions().size()));
        } catch (TimeoutException e) {
            throw new TimeoutException("Kafka at " + bootstrap + " did not answer within " + timeoutMs + " ms");
        }
    }
}

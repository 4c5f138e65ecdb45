package kafkasim.simulation.orchestrator;

import kafkasim.common.security.KafkaClientSecurity;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import kafkasim.common.jobs.JobSpec;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ListOffsetsResult;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;

/**
 * Each Kafka path's consumer lag for the dashboard: the telemetry topic's end offsets minus what the path's consumer
 * group has committed. The Flink Kafka source commits on every completed checkpoint (for monitoring only: a restore
 * uses the checkpoint's own offsets), so the lag includes up to one checkpoint interval of messages the path has
 * read already. Polled every {@value #POLL_MS} ms on its own daemon thread with Kafka's Admin client, so a slow
 * broker never holds up the orchestrator's loop; a poll that fails leaves the last answer and is tried again.
 */
final class ConsumerLag implements AutoCloseable {
    static final long POLL_MS = 2000;
    private final Admin admin;
    private final String topic;
    private final Map<String, String> groupByPath = new HashMap<>();
    private final Map<String, Long> lagByPath = new ConcurrentHashMap<>();
    private final ScheduledExecutorService poller = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "consumer-lag");
        t.setDaemon(true);
        return t;
    });

    ConsumerLag(String bootstrap, KafkaClientSecurity security, String topic, String runId, List<String> paths) {
        Properties p = security.applyTo(new Properties());
        p.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        p.put(AdminClientConfig.CLIENT_ID_CONFIG, "kafkasim-dashboard-lag");
        p.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, (int) POLL_MS * 5);
        p.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, (int) POLL_MS * 5);
        this.admin = Admin.create(p);
        this.topic = topic;
        paths.forEach(path -> groupByPath.put(path, JobSpec.defaultGroupId(path, runId)));
        poller.scheduleWithFixedDelay(this::poll, POLL_MS, POLL_MS, TimeUnit.MILLISECONDS);
    }

    /** The path's lag at the last poll, messages; null before its group committed anything. */
    Long lag(String path) {
        return lagByPath.get(path);
    }

    private void poll() {
        try {
            Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
            admin.describeTopics(List.of(topic)).allTopicNames().get(POLL_MS * 5, TimeUnit.MILLISECONDS).get(topic)
                    .partitions().forEach(pi -> latest.put(new TopicPartition(topic, pi.partition()),
                            OffsetSpec.latest()));
            Map<TopicPartition, ListOffsetsResult.ListOffsetsResultInfo> ends = admin.listOffsets(latest).all()
                    .get(POLL_MS * 5, TimeUnit.MILLISECONDS);
            for (Map.Entry<String, String> e : groupByPath.entrySet()) {
                Map<TopicPartition, OffsetAndMetadata> committed = admin.listConsumerGroupOffsets(e.getValue())
                        .partitionsToOffsetAndMetadata().get(POLL_MS * 5, TimeUnit.MILLISECONDS);
                if (committed.isEmpty()) {
                    continue; // no checkpoint completed yet: no lag to tell
                }
                long lag = 0;
                for (Map.Entry<TopicPartition, ListOffsetsResult.ListOffsetsResultInfo> end : ends.entrySet()) {
                    OffsetAndMetadata c = committed.get(end.getKey());
                    lag += Math.max(0, end.getValue().offset() - (c == null ? 0 : c.offset()));
                }
                lagByPath.put(e.getKey(), lag);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (Exception e) {
            // a broker down (a fault) or slow: the last answer stands, the next poll tries again
        }
    }

    @Override
    public void close() {
        poller.shutdownNow();
        admin.close(java.time.Duration.ofSeconds(2));
    }
}

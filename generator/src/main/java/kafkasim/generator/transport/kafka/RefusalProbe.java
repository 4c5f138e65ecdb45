package kafkasim.generator.transport.kafka;

import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import org.apache.kafka.common.KafkaException;

/**
 * One daemon thread per worker that asks the broker again, every second, about each principal it refuses (a
 * metadata request: credentials, certificate, the topic's ACL), so a refusal is always the broker's answer of the
 * last second, never a verdict the worker keeps on its own. Started only when a principal is refused.
 */
final class RefusalProbe implements AutoCloseable {
    static final long INTERVAL_MS = 1000;
    private final ScheduledExecutorService thread = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "kafka-refusal-probe");
        t.setDaemon(true);
        return t;
    });

    RefusalProbe(List<PrincipalProducer> producers, String topic) {
        thread.scheduleWithFixedDelay(() -> {
            for (PrincipalProducer p : producers) {
                if (p.refusal != null) {
                    try {
                        p.check(topic);
                    } catch (KafkaException other) {
                        // not a refusal (the broker unreachable, say): keep the last answer, ask again
                    }
                }
            }
        }, INTERVAL_MS, INTERVAL_MS, TimeUnit.MILLISECONDS);
    }

    @Override
    public void close() {
        thread.shutdownNow();
    }
}

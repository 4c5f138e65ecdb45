package kafkasim.generator.transport.kafka;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.KafkaException;

import kafkasim.common.security.KafkaClientSecurity;
import kafkasim.common.security.Rejection;
import kafkasim.generator.transport.DeviceAddress;
import kafkasim.generator.transport.Transport;

/**
 * Publishes to one Kafka topic with key = deviceId. The producer copies the value into its batch inside
 * {@code send}, which is what lets the worker reuse one payload buffer.
 *
 * <p>One producer per principal: a plaintext or TLS-only run has one per worker, a run whose device groups
 * authenticate (sasl_ssl, mtls) one per group in the worker, each with its own identity, as devices of different
 * owners would have.
 */
public final class KafkaTransport implements Transport {
    private final String topic;
    private final List<PrincipalProducer> producers = new ArrayList<>();
    /** The only producer when every group shares one identity (no lookup per message), else null. */
    private final PrincipalProducer single;
    private final Map<String, PrincipalProducer> byType = new HashMap<>();
    private final PrincipalProducer fallback;
    private final RefusalProbe probe;

    /** {@code settings}: the scenario's producer properties, on top of {@link ProducerSettings#DEFAULTS}. */
    public KafkaTransport(String bootstrap, String topic, Map<String, String> settings, String clientId) {
        this(bootstrap, topic, settings, clientId, KafkaClientSecurity.NONE, Map.of());
    }

    /**
     * @param security       how devices connect when their type has no entry in {@code securityByType}
     * @param securityByType per device type, its group's principal
     */
    public KafkaTransport(String bootstrap, String topic, Map<String, String> settings, String clientId,
                          KafkaClientSecurity security, Map<String, KafkaClientSecurity> securityByType) {
        this.topic = topic;
        Map<KafkaClientSecurity, PrincipalProducer> bySecurity = new LinkedHashMap<>();
        try {
            // with a principal per type there is no default identity: a type without one is a planning error
            fallback = securityByType.isEmpty()
                    ? producerFor(security, bySecurity, bootstrap, settings, clientId, "") : null;
            securityByType.forEach((type, s) -> byType.put(type,
                    producerFor(s, bySecurity, bootstrap, settings, clientId, "-" + type)));
            single = producers.size() == 1 ? producers.get(0) : null;
            // fetch the topic's metadata now: otherwise the first send blocks on it and the schedule starts late;
            // it is also where the broker first refuses a principal
            for (PrincipalProducer p : producers) {
                p.check(topic);
            }
        } catch (RuntimeException e) {
            producers.forEach(p -> p.close(Duration.ZERO));
            throw e;
        }
        // a sleeping thread: it only ever works for a principal the broker refuses
        probe = new RefusalProbe(producers, topic);
    }

    private PrincipalProducer producerFor(KafkaClientSecurity security, Map<KafkaClientSecurity, PrincipalProducer> made,
                                          String bootstrap, Map<String, String> settings, String clientId,
                                          String suffix) {
        return made.computeIfAbsent(security, s -> {
            PrincipalProducer p = new PrincipalProducer(clientId + suffix, s.applyTo(
                    ProducerSettings.producerProperties(settings, bootstrap, clientId + suffix)));
            producers.add(p);
            return p;
        });
    }

    @Override
    public void publish(DeviceAddress device, byte[] payload, Completion completion) {
        PrincipalProducer p = single != null ? single : byType.getOrDefault(device.type(), fallback);
        if (p == null) {
            completion.completed(new IllegalStateException("no Kafka principal for device type " + device.type()));
            return;
        }
        KafkaException refused = p.refusal;
        if (refused != null) {
            completion.completed(refused);
            return;
        }
        try {
            p.producer.send(new ProducerRecord<>(topic, device.keyBytes(), payload), (metadata, error) -> {
                if (error instanceof KafkaException k && KafkaRefusals.rejectionOf(error) != null) {
                    p.refusal = k;
                }
                completion.completed(error);
            });
        } catch (KafkaException | IllegalStateException e) {
            // send() reports most failures through the callback but throws some (closed producer, fatal
            // idempotence errors); both become a failed completion, never an exception in the send loop
            completion.completed(e);
        }
    }

    @Override
    public Rejection rejectionOf(Throwable error) {
        return KafkaRefusals.rejectionOf(error);
    }

    @Override
    public void close(Duration flushTimeout) {
        probe.close();
        for (PrincipalProducer p : producers) {
            p.close(p.refusal != null ? Duration.ZERO : flushTimeout);
        }
    }
}

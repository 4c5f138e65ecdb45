package kafkasim.infra.kafka;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.acl.AccessControlEntry;
import org.apache.kafka.common.acl.AclBinding;
import org.apache.kafka.common.acl.AclOperation;
import org.apache.kafka.common.acl.AclPermissionType;
import org.apache.kafka.common.errors.SaslAuthenticationException;
import org.apache.kafka.common.errors.TopicAuthorizationException;
import org.apache.kafka.common.resource.PatternType;
import org.apache.kafka.common.resource.ResourcePattern;
import org.apache.kafka.common.resource.ResourceType;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import kafkasim.common.security.GroupSecurity;
import kafkasim.common.security.KafkaClientSecurity;
import kafkasim.common.security.Principals;
import kafkasim.common.security.SecurityMode;
import kafkasim.infra.security.SecurityMaterial;

/**
 * A broker with SCRAM-SHA-512 over TLS and ACLs: who may write and read is decided by the broker, checked with
 * Kafka's own clients and with kcat and openssl, tools kafkasim did not write. One broker for the class.
 */
class KafkaSaslAclIT {
    static final String TOPIC = "telemetry";
    static final String GOOD = Principals.devices("good");
    static final String WRONG = Principals.devices("wrong");
    static final String NO_ACL = Principals.devices("noacl");
    static final String READER = Principals.job("fast");
    @TempDir
    static Path dir;
    static SecurityMaterial material;
    static EmbeddedKafka kafka;

    @BeforeAll
    static void start() throws Exception {
        QuietKafkaClients.apply();
        material = SecurityMaterial.create(dir.resolve("security"), new SecurityMaterial.Request("it",
                SecurityMode.SASL_SSL, Set.of(Principals.KAFKA_BROKER),
                Set.of(Principals.ADMIN, GOOD, WRONG, NO_ACL, READER), Set.of(WRONG), Set.of()));
        Map<String, String> scram = new HashMap<>(material.registeredPasswords());
        kafka = EmbeddedKafka.start(dir.resolve("kafka"), Map.of(), EmbeddedKafka.DEFAULT_STARTUP_TIMEOUT,
                new KafkaBrokerSecurity(SecurityMode.SASL_SSL, material.files(), true, scram));
        try (Admin admin = Admin.create(kafka.adminSecurity().applyTo(adminConfig()))) {
            admin.createTopics(List.of(new NewTopic(TOPIC, 2, (short) 1))).all().get(30, TimeUnit.SECONDS);
            admin.createAcls(List.of(
                    allow(GOOD, ResourceType.TOPIC, TOPIC, AclOperation.WRITE),
                    allow(WRONG, ResourceType.TOPIC, TOPIC, AclOperation.WRITE),
                    allow(READER, ResourceType.TOPIC, TOPIC, AclOperation.READ),
                    allow(READER, ResourceType.GROUP, "fast-group", AclOperation.READ)))
                    .all().get(30, TimeUnit.SECONDS);
        }
    }

    @AfterAll
    static void stop() {
        if (kafka != null) {
            kafka.close();
        }
    }

    @Test
    void theRightCredentialsWriteAndReadAndNoPasswordIsInTheBrokersFiles() throws Exception {
        try (KafkaProducer<String, String> p = producer(GOOD)) {
            for (int i = 0; i < 100; i++) {
                p.send(new ProducerRecord<>(TOPIC, "k" + (i % 7), "v" + i)).get(30, TimeUnit.SECONDS);
            }
        }
        Properties c = client(READER);
        c.put(ConsumerConfig.GROUP_ID_CONFIG, "fast-group");
        c.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        int read = 0;
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(c, new StringDeserializer(),
                new StringDeserializer())) {
            consumer.subscribe(List.of(TOPIC));
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            while (read < 100 && System.nanoTime() < deadline) {
                ConsumerRecords<String, String> records = consumer.poll(Duration.ofMillis(500));
                read += records.count();
            }
            consumer.commitSync();
        }
        assertEquals(100, read);
        // not kcat here: Debian's librdkafka 2.0.2 fails SCRAM against Kafka 4 brokers (kcat#462, fixed in
        // librdkafka 2.6.1); EmbeddedKafkaClusterIT reads with kcat over TLS with a client certificate
        for (String password : material.registeredPasswords().values()) {
            for (Path f : List.of(kafka.workDir().resolve("server.properties"), kafka.logFile())) {
                assertFalse(Files.readString(f).contains(password), f + " holds a password");
            }
        }
    }

    @Test
    void aWrongPasswordIsRefusedAsAnAuthenticationFailure() throws Exception {
        assertNotEquals(material.registeredPasswords().get(WRONG), credential(WRONG, "password"));
        Throwable error = firstSendError(WRONG);
        assertInstanceOf(SaslAuthenticationException.class, error, String.valueOf(error));
    }

    @Test
    void aPrincipalWithoutAnAclIsRefusedAsAnAuthorisationFailure() throws Exception {
        Throwable error = firstSendError(NO_ACL);
        assertInstanceOf(TopicAuthorizationException.class, error, String.valueOf(error));
    }

    @Test
    void kcatWithoutCredentialsIsRefusedAndOpensslVerifiesTheBrokersCertificate() throws Exception {
        assertEquals(-1, Kcat.count(kafka.bootstrap(), TOPIC, material.files().caCertificate(), List.of(
                "security.protocol=SSL")), "kcat without credentials must not read");
        Process openssl = new ProcessBuilder("openssl", "s_client", "-connect", kafka.bootstrap(), "-CAfile",
                material.files().caCertificate().toString(), "-verify_return_error", "-verify_ip", "127.0.0.1",
                "-brief").redirectErrorStream(true).start();
        openssl.getOutputStream().close();
        String out = new String(openssl.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(openssl.waitFor(30, TimeUnit.SECONDS));
        assertEquals(0, openssl.exitValue(), out);
        assertTrue(out.contains("Verification: OK"), out);
    }

    static KafkaProducer<String, String> producer(String principal) {
        return new KafkaProducer<>(client(principal), new StringSerializer(), new StringSerializer());
    }

    static Throwable firstSendError(String principal) throws Exception {
        Properties p = client(principal);
        p.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, "10000");
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(p, new StringSerializer(),
                new StringSerializer())) {
            long t0 = System.nanoTime();
            Throwable first = null;
            List<Long> sendMicros = new ArrayList<>();
            for (int i = 0; i < 3; i++) {
                long s0 = System.nanoTime();
                var future = producer.send(new ProducerRecord<>(TOPIC, "k", "v" + i));
                sendMicros.add((System.nanoTime() - s0) / 1000);
                try {
                    future.get(30, TimeUnit.SECONDS);
                } catch (ExecutionException e) {
                    first = first == null ? e.getCause() : first;
                }
            }
            System.out.println("[KafkaSaslAclIT] " + principal + ": 3 refused sends in "
                    + (System.nanoTime() - t0) / 1_000_000 + " ms, send() µs " + sendMicros);
            return first;
        }
    }

    static String credential(String principal, String key) throws Exception {
        Properties p = new Properties();
        try (var in = Files.newInputStream(material.files().credentials(principal))) {
            p.load(in);
        }
        return p.getProperty(key);
    }

    static Properties client(String principal) {
        Properties p = new Properties();
        p.put("bootstrap.servers", kafka.bootstrap());
        KafkaClientSecurity.of(SecurityMode.SASL_SSL, material.files(), principal, GroupSecurity.VALID).applyTo(p);
        return p;
    }

    static Map<String, Object> adminConfig() {
        Map<String, Object> c = new HashMap<>();
        c.put("bootstrap.servers", kafka.bootstrap());
        return c;
    }

    static AclBinding allow(String principal, ResourceType type, String name, AclOperation op) {
        return new AclBinding(new ResourcePattern(type, name, PatternType.LITERAL),
                new AccessControlEntry("User:" + principal, "*", op, AclPermissionType.ALLOW));
    }
}

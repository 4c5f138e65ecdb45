package kafkasim.generator.transport.kafka;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** kafka.producer checked by Kafka's own validator, and resolved the way Kafka resolves its own defaults. */
class ProducerSettingsTest {
    static final String AT = "kafka.producer";

    private static List<String> problems(String... keyValues) {
        return ProducerSettings.problems(map(keyValues), AT);
    }

    private static Map<String, String> map(String... keyValues) {
        Map<String, String> m = new LinkedHashMap<>();
        for (int i = 0; i < keyValues.length; i += 2) {
            m.put(keyValues[i], keyValues[i + 1]);
        }
        return m;
    }

    @Test
    void withoutSettingsTheProducerIsDurableAndIdempotent() {
        assertEquals(Map.of("acks", "all", "enable.idempotence", "true", "linger.ms", "5", "batch.size", "65536"),
                ProducerSettings.effective(Map.of()));
        assertEquals(ProducerSettings.DEFAULTS, ProducerSettings.effective(Map.of()), "the documented defaults");
        assertEquals(List.of(), problems());
    }

    @ParameterizedTest
    @CsvSource({"acks,1", "acks,0", "retries,0"})
    void aSettingIdempotenceCannotWorkWithTurnsItOffAsInKafka(String key, String value) {
        assertEquals(List.of(), problems(key, value));
        Map<String, String> effective = ProducerSettings.effective(Map.of(key, value));
        assertEquals("false", effective.get("enable.idempotence"), effective.toString());
        assertEquals(value, effective.get(key));
        assertEquals("5", effective.get("linger.ms"), "the other defaults stay");
    }

    @Test
    void theScenariosSettingsWinOverTheDefaultsAndAreSortedByName() {
        Map<String, String> effective = ProducerSettings.effective(map("linger.ms", "20", "compression.type", "lz4"));
        assertEquals(List.of("acks", "batch.size", "compression.type", "enable.idempotence", "linger.ms"),
                List.copyOf(effective.keySet()));
        assertEquals("20", effective.get("linger.ms"));
        assertEquals("true", effective.get("enable.idempotence"));
    }

    @Test
    void theEffectivePropertiesAreValidAndResolveToThemselves() {
        for (Map<String, String> settings : List.of(Map.<String, String>of(), Map.of("acks", "1"),
                Map.of("retries", "0", "linger.ms", "0"), Map.of("enable.idempotence", "false"))) {
            Map<String, String> effective = ProducerSettings.effective(settings);
            assertEquals(List.of(), ProducerSettings.problems(effective, AT), effective.toString());
            assertEquals(effective, ProducerSettings.effective(effective), "scenario.json as run can be run again");
        }
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "acks|2|kafka.producer.acks: Invalid value 2 for configuration acks: String must be one of: all, -1, 0, 1",
        "linger.ms|abc|kafka.producer.linger.ms: Invalid value abc for configuration linger.ms: Not a number of type LONG",
        "batch.size|-1|kafka.producer.batch.size: Invalid value -1 for configuration batch.size: Value must be at least 0",
        "compression.type|zip|kafka.producer.compression.type: Invalid value zip for configuration compression.type:"
                + " String must be one of: none, gzip, snappy, lz4, zstd",
        "enable.idempotence|yes|kafka.producer.enable.idempotence: Invalid value yes for configuration"
                + " enable.idempotence: Expected value to be either true or false",
        "lnger.ms|10|kafka.producer.lnger.ms is not a Kafka producer setting (did you mean linger.ms?)",
        "colour|red|kafka.producer.colour is not a Kafka producer setting",
    })
    void aBadSettingIsReportedWithKafkasOwnMessage(String key, String value, String expected) {
        assertEquals(List.of(expected), problems(key, value));
        assertThrows(IllegalArgumentException.class, () -> ProducerSettings.effective(Map.of(key, value)));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "bootstrap.servers|x:1|--kafka-bootstrap",
        "key.serializer|org.apache.kafka.common.serialization.StringSerializer|the key is the deviceId",
        "value.serializer|org.apache.kafka.common.serialization.StringSerializer|the value is the envelope",
        "client.id|mine|kafkasim-worker-<id>",
        "transactional.id|tx|do not send in transactions",
    })
    void settingsKafkasimOwnsAreRejectedSayingWhy(String key, String value, String why) {
        List<String> problems = problems(key, value);
        assertEquals(1, problems.size(), problems.toString());
        assertTrue(problems.get(0).startsWith("kafka.producer." + key + " cannot be set: "), problems.get(0));
        assertTrue(problems.get(0).contains(why), problems.get(0));
    }

    @Test
    void explicitIdempotenceWithAcksOneStaysAnErrorNamingBothFields() {
        assertEquals(List.of("kafka.producer.acks and kafka.producer.enable.idempotence conflict: Must set acks to"
                + " all in order to use the idempotent producer. Otherwise we cannot guarantee idempotence."),
                problems("enable.idempotence", "true", "acks", "1"));
        assertThrows(IllegalArgumentException.class,
                () -> ProducerSettings.effective(map("enable.idempotence", "true", "acks", "1")));
    }

    @Test
    void moreThanFiveRequestsInFlightNeedIdempotenceOffExplicitlyInKafka4() {
        assertEquals(List.of("kafka.producer.max.in.flight.requests.per.connection: To use the idempotent producer,"
                + " max.in.flight.requests.per.connection must be set to at most 5. Current value is 6."),
                problems("max.in.flight.requests.per.connection", "6"));
        assertEquals(List.of(), problems("max.in.flight.requests.per.connection", "6", "enable.idempotence", "false"));
    }

    @Test
    void aConflictOnlyOneSettingCanSolveNamesThatOne() {
        assertEquals(List.of("kafka.producer.enable.idempotence: Must set retries to non-zero when using the"
                + " idempotent producer."), problems("enable.idempotence", "true", "retries", "0", "acks", "1"));
    }

    @Test
    void everyProblemIsReportedAtOnceInTheScenariosOrder() {
        assertEquals(List.of(
                "kafka.producer.acks: Invalid value 2 for configuration acks: String must be one of: all, -1, 0, 1",
                "kafka.producer.lnger.ms is not a Kafka producer setting (did you mean linger.ms?)",
                "kafka.producer.client.id cannot be set: kafkasim names each worker's producer kafkasim-worker-<id>",
                "kafka.producer.linger.ms: Invalid value abc for configuration linger.ms: Not a number of type LONG"),
                problems("acks", "2", "lnger.ms", "10", "client.id", "x", "linger.ms", "abc"));
    }

    @Test
    void aWorkersProducerGetsTheEffectivePropertiesAndWhatKafkasimOwns() {
        Properties p = ProducerSettings.producerProperties(Map.of("acks", "1"), "127.0.0.1:9092", "kafkasim-worker-3");
        assertEquals("1", p.get(ProducerConfig.ACKS_CONFIG));
        assertEquals("false", p.get(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG));
        assertEquals("127.0.0.1:9092", p.get(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG));
        assertEquals("kafkasim-worker-3", p.get(ProducerConfig.CLIENT_ID_CONFIG));
        assertEquals("org.apache.kafka.common.serialization.ByteArraySerializer",
                p.get(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG));
    }

    @Test
    void editDistance() {
        assertEquals(1, ProducerSettings.editDistance("lnger.ms", "linger.ms"));
        assertEquals(0, ProducerSettings.editDistance("acks", "acks"));
        assertEquals(4, ProducerSettings.editDistance("", "acks"));
    }
}

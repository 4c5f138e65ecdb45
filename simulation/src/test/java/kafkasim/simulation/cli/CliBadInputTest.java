package kafkasim.simulation.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Every bad input: exit code 2, a message naming the field or flag, nothing started, nothing written. */
class CliBadInputTest {
    static final String GOOD = """
            { "name": "t", "durationSec": 5,
              "devices": [ { "type": "temperature", "count": 3, "ratePerSec": 1.0, "payloadBytes": 300 },
                           { "type": "humidity", "count": 2, "ratePerSec": 1.0, "payloadBytes": 300 } ] }
            """;
    /** Nothing listens here: a command that got past validation would fail with exit 1, not 2. */
    static final String NO_BROKER = "127.0.0.1:1";

    @TempDir
    Path dir;

    private record Result(int exitCode, String err) {
    }

    private Result run(String... args) {
        StringWriter err = new StringWriter();
        int code = Main.execute(new PrintWriter(err, true), args);
        return new Result(code, err.toString());
    }

    private Path scenario(String json) throws Exception {
        return Files.writeString(dir.resolve("scenario.json"), json);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "\"count\": 3|\"count\": -3|devices[0].count must be >= 1",
        "\"count\": 2, \"ratePerSec\": 1.0|\"count\": 2, \"ratePerSec\": 0|devices[1].ratePerSec must be > 0",
        "\"durationSec\": 5,|\"durationSec\": 5, \"broker\": \"amqp\",|broker must be \"kafka\" or \"mqtt\"",
        "\"durationSec\": 5,|\"durationSec\": 5, \"speed\": 3,|speed is not a known field",
        "\"durationSec\": 5,|\"durationSec\": 5 \"x\",|malformed JSON",
    })
    void badScenarioExits2NamingTheFieldAndStartsNothing(String from, String to, String expected) throws Exception {
        assertTrue(GOOD.contains(from), "test setup: GOOD contains " + from);
        Path out = dir.resolve("out");
        for (String command : new String[] {"generate", "run"}) {
            Result r = run(command, scenario(GOOD.replace(from, to)).toString(), "--kafka-bootstrap", NO_BROKER,
                    "--out", out.toString());
            assertEquals(2, r.exitCode(), command + ": " + r.err());
            assertTrue(r.err().contains(expected), () -> command + ": expected <" + expected + "> in " + r.err());
            assertFalse(Files.exists(out), "nothing is created for bad input");
        }
    }

    /** kafka.producer is judged by Kafka's own validator, before anything starts, by every command that loads it. */
    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "\"acks\": \"2\"|kafka.producer.acks: Invalid value 2 for configuration acks: String must be one of: all, -1, 0, 1",
        "\"linger.ms\": \"abc\"|kafka.producer.linger.ms: Invalid value abc for configuration linger.ms",
        "\"lnger.ms\": \"10\"|kafka.producer.lnger.ms is not a Kafka producer setting (did you mean linger.ms?)",
        "\"bootstrap.servers\": \"x:1\"|kafka.producer.bootstrap.servers cannot be set: kafkasim sets it",
        "\"acks\": \"1\", \"enable.idempotence\": \"true\"|kafka.producer.acks and kafka.producer.enable.idempotence conflict",
    })
    void badProducerSettingExits2NamingTheFieldAndStartsNothing(String producer, String expected) throws Exception {
        Path file = scenario(GOOD.replace("\"durationSec\": 5,", "\"durationSec\": 5, \"kafka\": { \"producer\": { "
                + producer + " } },"));
        Path out = dir.resolve("out");
        List<String[]> commands = List.of(
                new String[] {"generate", file.toString(), "--kafka-bootstrap", NO_BROKER, "--out", out.toString()},
                new String[] {"run", file.toString(), "--kafka-bootstrap", NO_BROKER, "--out", out.toString()},
                new String[] {"submit", "--scenario", file.toString(), "--flink", NO_BROKER, "--kafka-bootstrap",
                    NO_BROKER, "--jdbc-url", "jdbc:postgresql://" + NO_BROKER + "/x", "--files-dir",
                    out.toString(), "--run-id", "r"});
        for (String[] args : commands) {
            Result r = run(args);
            assertEquals(2, r.exitCode(), args[0] + ": " + r.err());
            assertTrue(r.err().contains(expected), () -> args[0] + ": expected <" + expected + "> in " + r.err());
            assertFalse(Files.exists(out), "nothing is created for bad input");
        }
    }

    @Test
    void producerProblemsAreListedWithTheScenariosOtherProblems() throws Exception {
        Path file = scenario(GOOD.replace("\"count\": 3", "\"count\": -3").replace("\"durationSec\": 5,",
                "\"durationSec\": 5, \"kafka\": { \"producer\": { \"acks\": \"2\", \"linger.ms\": \"abc\" } },"));
        Result r = run("generate", file.toString(), "--kafka-bootstrap", NO_BROKER);
        assertEquals(2, r.exitCode(), r.err());
        for (String field : List.of("devices[0].count", "kafka.producer.acks", "kafka.producer.linger.ms")) {
            assertTrue(r.err().contains("  - " + field), () -> "expected " + field + " in " + r.err());
        }
    }

    @Test
    void missingScenarioFile() {
        Result r = run("generate", dir.resolve("nope.json").toString(), "--kafka-bootstrap", NO_BROKER);
        assertEquals(2, r.exitCode());
        assertTrue(r.err().contains("file not found"), r.err());
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "--duration|0|--duration must be >= 1",
        "--duration|ten|--duration",
        "--reload-sec|0|--reload-sec must be >= 1",
        "--warmup|-1|--warmup must be >= 0",
        "--warmup|5|--warmup 5 leaves nothing to measure: it must be shorter than the duration (5 s)",
        "--kafka-bootstrap|localhost|--kafka-bootstrap must be host:port",
        "--kafka-bootstrap|127.0.0.1:99999|--kafka-bootstrap must be host:port",
        "--colour|red|--colour",
    })
    void badFlagExits2NamingTheFlag(String flag, String value, String expected) throws Exception {
        Path file = scenario(GOOD);
        String[] args = flag.equals("--kafka-bootstrap")
                ? new String[] {"generate", file.toString(), flag, value}
                : new String[] {"generate", file.toString(), "--kafka-bootstrap", NO_BROKER, flag, value};
        Result r = run(args);
        assertEquals(2, r.exitCode(), r.err());
        assertTrue(r.err().contains(expected), () -> "expected <" + expected + "> in " + r.err());
    }

    /** A fault on a part the command does not start, or a broker the run does not have: exit 2 before anything. */
    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "generate --kafka-bootstrap 127.0.0.1:1|{\"atSec\": 1, \"action\": \"kill-broker\"}||faults[0] (kill-broker)"
            + " needs the embedded broker, but --kafka-bootstrap names an external one",
        "generate --kafka-bootstrap 127.0.0.1:1|{\"atSec\": 1, \"action\": \"stop-database\"}||faults[0]"
            + " (stop-database) needs the embedded PostgreSQL",
        "run --kafka-bootstrap 127.0.0.1:1|{\"atSec\": 1, \"action\": \"pause-broker\"}||faults[0] (pause-broker)"
            + " needs the embedded broker, but --kafka-bootstrap names an external one",
        "run --flink 127.0.0.1:1|{\"atSec\": 1, \"action\": \"kill-taskmanager\"}||faults[0] (kill-taskmanager)"
            + " needs the embedded Flink cluster",
        "run --flink 127.0.0.1:1|{\"atSec\": 1, \"action\": \"kill-jobmanager\"}||faults[0] (kill-jobmanager)"
            + " needs the embedded Flink cluster",
        "generate --kafka-bootstrap 127.0.0.1:1|{\"atSec\": 1, \"action\": \"kill-jobmanager\"}||faults[0]"
            + " (kill-jobmanager) needs the embedded Flink cluster",
        "run|{\"atSec\": 1, \"action\": \"kill-broker\", \"target\": \"2\"}||faults[0] (kill-broker): broker 2"
            + " does not exist (the run has 1 broker, node id 1)",
        "run|{\"atSec\": 1, \"action\": \"kill-worker\"}|\"brokers\": 6|kafka.brokers must be <= 5",
        "run --kafka-bootstrap 127.0.0.1:1|{\"atSec\": 1, \"action\": \"net-partition\"}||faults[0] (net-partition)"
            + " needs the embedded broker, but --kafka-bootstrap names an external one",
        "run --kafka-bootstrap 127.0.0.1:1 --net-proxies|{\"atSec\": 1, \"action\": \"kill-worker\"}||"
            + "--net-proxies needs the embedded broker",
        "compare|{\"atSec\": 1, \"action\": \"net-delay\", \"target\": \"3\"}|\"brokers\": 3|faults[0]"
            + " (net-delay 3): compare runs every fault on both architectures",
        "compare|{\"atSec\": 1, \"action\": \"kill-broker\", \"target\": \"2\"}|\"brokers\": 3|faults[0]"
            + " (kill-broker 2): compare runs every fault on both architectures",
        "run|{\"atSec\": 1, \"action\": \"kill-worker\"}|\"replicationFactor\": 3|kafka.replicationFactor 3"
            + " needs as many brokers",
        "run --duration 1|{\"atSec\": 3, \"action\": \"kill-worker\"}||--duration 1 does not fit the scenario's"
            + " faults: faults[0].atSec must be >= 0 and before durationSec (1), got 3",
    })
    void aFaultTheCommandCannotApplyExits2(String command, String fault, String kafka, String expected)
            throws Exception {
        String json = GOOD.replace("\"durationSec\": 5,", "\"durationSec\": 30, \"faults\": [" + fault + "],"
                + (kafka == null ? "" : " \"kafka\": {" + kafka + "},"));
        assertExits2WritingNothing(command, json, expected);
    }

    /** A secured run needs kafkasim's own brokers: exit 2 before anything starts. */
    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "run --kafka-bootstrap 127.0.0.1:1|kafka|security.mode \"tls\" needs the embedded brokers",
        "generate --kafka-bootstrap 127.0.0.1:1|kafka|security.mode \"tls\" needs the embedded brokers",
        "run --mqtt-url tcp://127.0.0.1:1|mqtt|security.mode \"tls\" needs the embedded brokers",
    })
    void aSecuredRunTheCommandCannotSecureExits2(String command, String broker, String expected) throws Exception {
        String json = GOOD.replace("\"durationSec\": 5,", "\"durationSec\": 30, \"broker\": \"" + broker
                + "\", \"security\": {\"mode\": \"tls\"},");
        assertExits2WritingNothing(command, json, expected);
    }

    /** {@code command} (its first word, the scenario, then the rest) exits 2 with {@code expected}, writing nothing. */
    private void assertExits2WritingNothing(String command, String json, String expected) throws Exception {
        List<String> args = new ArrayList<>(List.of(command.split(" ")));
        args.add(1, scenario(json).toString());
        args.addAll(List.of("--out", dir.resolve("out").toString()));
        Result r = run(args.toArray(String[]::new));
        assertEquals(2, r.exitCode(), r.err());
        assertTrue(r.err().contains(expected), r.err());
        assertTrue(!Files.exists(dir.resolve("out")), "nothing written");
    }

    @Test
    void generateRequiresABroker() throws Exception {
        Result r = run("generate", scenario(GOOD).toString());
        assertEquals(2, r.exitCode());
        assertTrue(r.err().contains("--kafka-bootstrap"), r.err());
    }

    /** The MQTT flags and the scenario's mqtt group: exit 2 naming the flag or field, nothing created. */
    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "generate|--mqtt-url|127.0.0.1:1883||--mqtt-url must be tcp://host:port, got \"127.0.0.1:1883\"",
        "run|--broker|amqp||--broker must be kafka or mqtt, got \"amqp\"",
        "run|--mqtt-broker|emqx|--broker mqtt|--mqtt-broker must be hivemq or mosquitto, got \"emqx\"",
        "run|--mqtt-url|tcp://127.0.0.1:1||--mqtt-url needs broker mqtt",
        "compare|--mqtt-broker|emqx||--mqtt-broker must be hivemq or mosquitto",
        "submit|--mqtt-url|tcp://127.0.0.1:1||--mqtt-url needs --scenario",
    })
    void badMqttFlagExits2NamingTheFlag(String command, String flag, String value, String more, String expected)
            throws Exception {
        Path out = dir.resolve("out");
        List<String> args = new java.util.ArrayList<>(command.equals("submit")
                ? List.of("submit", "--flink", NO_BROKER, "--kafka-bootstrap", NO_BROKER, "--jdbc-url",
                        "jdbc:postgresql://" + NO_BROKER + "/x", "--files-dir", out.toString(), "--run-id", "r")
                : List.of(command, scenario(GOOD).toString(), "--out", out.toString()));
        args.addAll(List.of(flag, value));
        if (more != null) {
            args.addAll(List.of(more.split(" ")));
        }
        Result r = run(args.toArray(String[]::new));
        assertEquals(2, r.exitCode(), r.err());
        assertTrue(r.err().contains(expected), () -> "expected <" + expected + "> in " + r.err());
        assertFalse(Files.exists(out), "nothing is created for bad input");
    }

    @Test
    void mqttSettingsAreJudgedByTheMqttClientsBuilders() throws Exception {
        Path file = scenario(GOOD.replace("\"durationSec\": 5,", "\"durationSec\": 5, \"broker\": \"mqtt\","
                + " \"mqtt\": { \"qos\": 3, \"keepAliveSec\": 70000 },"));
        Result r = run("generate", file.toString(), "--mqtt-url", "tcp://" + NO_BROKER);
        assertEquals(2, r.exitCode(), r.err());
        for (String problem : List.of("mqtt.qos must be <= 2, got 3", "mqtt.keepAliveSec must be <= 65535")) {
            assertTrue(r.err().contains(problem), () -> "expected " + problem + " in " + r.err());
        }
        Path mqtt = scenario(GOOD.replace("\"durationSec\": 5,", "\"durationSec\": 5, \"broker\": \"mqtt\","));
        Result noUrl = run("generate", mqtt.toString(), "--kafka-bootstrap", NO_BROKER);
        assertEquals(2, noUrl.exitCode(), noUrl.err());
        assertTrue(noUrl.err().contains("the scenario's broker is \"mqtt\": give --mqtt-url"), noUrl.err());
    }

    @Test
    void existingResultsAreNeverOverwritten() throws Exception {
        Path out = Files.createDirectories(dir.resolve("earlier-run"));
        Path summary = Files.writeString(out.resolve("summary.json"), "{\"produced\": 42}");
        Result r = run("run", scenario(GOOD).toString(), "--out", out.toString());
        assertEquals(2, r.exitCode(), r.err());
        assertTrue(r.err().contains("--out"), r.err());
        assertEquals("{\"produced\": 42}", Files.readString(summary));
        assertEquals(1, Files.list(out).count());
    }

    @Test
    void noCommandIsAUsageError() {
        assertEquals(2, run().exitCode());
    }
}

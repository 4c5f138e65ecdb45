package kafkasim.simulation.cli;

import kafkasim.common.security.SecurityMode;

import kafkasim.common.scenario.BrokerKind;
import kafkasim.simulation.architecture.Architecture;
import java.util.Optional;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import kafkasim.common.mqtt.MqttUrl;
import kafkasim.common.scenario.Scenario;
import kafkasim.common.scenario.ScenarioException;
import kafkasim.common.scenario.ScenarioLoader;
import kafkasim.generator.transport.kafka.ProducerSettings;
import kafkasim.generator.transport.mqtt.MqttClientSettings;
import kafkasim.simulation.faults.FaultScope;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** Options every scenario-running command shares. */
final class ScenarioOptions {
    @Parameters(index = "0", paramLabel = "SCENARIO", description = "Scenario JSON file, e.g. scenarios/light.json")
    Path scenarioFile;

    @Option(names = "--duration", paramLabel = "SEC", description = "Override the scenario's durationSec.")
    Integer durationSec;

    @Option(names = "--warmup", paramLabel = "SEC",
            description = "Override the scenario's warmupSec: the first seconds, left out of latency and throughput"
                    + " statistics (default: 10%% of the duration, at most 30 s).")
    Integer warmupSec;

    @Option(names = "--out", paramLabel = "DIR",
            description = "Results folder (must be new or empty). Default: results/<scenario>-<time>.")
    Path out;

    @Option(names = "--reload-sec", paramLabel = "SEC", defaultValue = "300",
            description = "How often the manager re-reads its config file (default: ${DEFAULT-VALUE}).")
    int reloadSec;

    /**
     * Loads and validates the scenario and the flags; nothing is started or written before this passes. The
     * result has its warm-up resolved (flag, scenario, or the default for the final duration).
     */
    Scenario load() throws ScenarioException, BadInputException {
        if (durationSec != null && durationSec < 1) {
            throw new BadInputException("--duration must be >= 1 second, got " + durationSec);
        }
        if (warmupSec != null && warmupSec < 0) {
            throw new BadInputException("--warmup must be >= 0 seconds, got " + warmupSec);
        }
        if (reloadSec < 1) {
            throw new BadInputException("--reload-sec must be >= 1 second, got " + reloadSec);
        }
        Scenario s = loadFile(scenarioFile);
        if (durationSec != null) {
            s = s.withDurationSec(durationSec);
            List<String> faults = ScenarioLoader.faultProblems(s);
            if (!faults.isEmpty()) {
                throw new BadInputException("--duration " + durationSec + " does not fit the scenario's faults: "
                        + String.join("; ", faults));
            }
        }
        int warmup = warmupSec != null ? warmupSec : s.warmupSecOrDefault();
        if (warmup >= s.durationSec()) {
            throw new BadInputException((warmupSec != null ? "--warmup " : "warmupSec ") + warmup
                    + " leaves nothing to measure: it must be shorter than the duration (" + s.durationSec() + " s)");
        }
        return s.withWarmupSec(warmup);
    }

    /**
     * Loads a scenario file for the generator: {@code kafka.producer} is checked with Kafka's own validator
     * together with everything else, then replaced by the properties the producers will run with (kafkasim's
     * defaults filled in, idempotence resolved), which is what {@code scenario.json} in the results shows.
     */
    static Scenario loadFile(Path file) throws ScenarioException {
        Scenario s = ScenarioLoader.load(file, raw -> {
            List<String> problems = new ArrayList<>();
            if (raw.kafka() != null && raw.kafka().producer() != null) {
                problems.addAll(ProducerSettings.problems(raw.kafka().producer(), "kafka.producer"));
            }
            problems.addAll(MqttClientSettings.problems(raw.mqtt(), "mqtt"));
            return problems;
        });
        return s.withKafka(s.kafka().withProducer(ProducerSettings.effective(s.kafka().producer())));
    }

    /** {@code --mqtt-broker}: the embedded MQTT broker kafkasim can start. */
    static String checkMqttBroker(String kind) throws BadInputException {
        if (!kind.equals("hivemq") && !kind.equals("mosquitto")) {
            throw new BadInputException("--mqtt-broker must be hivemq or mosquitto, got \"" + kind + "\"");
        }
        return kind;
    }

    /** {@code tcp://host:port}, checked for the flag named {@code flag}. */
    static String checkMqttUrl(String flag, String value) throws BadInputException {
        try {
            return MqttUrl.parse(value).toString();
        } catch (IllegalArgumentException e) {
            throw new BadInputException(flag + " " + e.getMessage());
        }
    }

    /** {@code host:port} with a port 1..65535, for the flag named {@code flag}. */
    static String checkHostPort(String flag, String value) throws BadInputException {
        int colon = value.lastIndexOf(':');
        try {
            int port = colon > 0 ? Integer.parseInt(value.substring(colon + 1)) : -1;
            if (port >= 1 && port <= 65535) {
                return value;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new BadInputException(flag + " must be host:port, got \"" + value + "\"");
    }

    /** {@code host:port[,host:port...]} with ports 1..65535. */
    static String checkBootstrap(String bootstrap) throws BadInputException {
        for (String server : bootstrap.split(",")) {
            int colon = server.lastIndexOf(':');
            boolean ok = colon > 0 && colon < server.length() - 1;
            if (ok) {
                try {
                    int port = Integer.parseInt(server.substring(colon + 1));
                    ok = port >= 1 && port <= 65535;
                } catch (NumberFormatException e) {
                    ok = false;
                }
            }
            if (!ok) {
                throw new BadInputException("--kafka-bootstrap must be host:port[,host:port...], got \"" + bootstrap
                        + "\"");
            }
        }
        return bootstrap;
    }

    /** The scenario's faults against what the command starts itself (see {@link FaultScope}). */
    static void checkFaults(Scenario s, FaultScope scope, String brokerFlag) throws BadInputException {
        List<String> problems = scope.problems(s.faults(), brokerFlag);
        if (!problems.isEmpty()) {
            throw new BadInputException(String.join("; ", problems));
        }
    }

    /** The embedded Kafka cluster of a Kafka run must hold the scenario's replication factor. */
    /**
     * What the security block cannot do yet: a secured run needs kafkasim's embedded brokers (it makes their
     * certificates and users).
     */
    static void checkSecurity(Scenario s, boolean externalKafka, boolean externalMqtt) throws BadInputException {
        SecurityMode mode = s.securityOrPlain().securityMode();
        if (mode == SecurityMode.PLAIN) {
            return;
        }
        if (externalKafka || externalMqtt) {
            throw new BadInputException("security.mode \"" + mode + "\" needs the embedded brokers: kafkasim makes"
                    + " their certificates and users for the run; an external cluster's truststore and credentials"
                    + " cannot be given yet (leave out " + (externalKafka ? "--kafka-bootstrap" : "--mqtt-url")
                    + " or the security block)");
        }
    }

    static void checkEmbedded(Scenario s) throws BadInputException {
        Optional<String> problem = Architecture.of(s).embeddedProblem(s);
        if (problem.isPresent()) {
            throw new BadInputException(problem.get());
        }
    }

    /**
     * The broker of a command that starts no broker ({@code generate}, {@code submit}): {@code --mqtt-url} makes
     * it MQTT; a scenario whose broker is MQTT needs that flag.
     */
    static Scenario withExternalBroker(Scenario s, String mqttUrl) throws BadInputException {
        if (mqttUrl != null) {
            return s.withBroker(BrokerKind.MQTT);
        }
        if (s.brokerKind() == BrokerKind.MQTT) {
            throw new BadInputException("the scenario's broker is \"mqtt\": give --mqtt-url tcp://HOST:PORT");
        }
        return s;
    }
}

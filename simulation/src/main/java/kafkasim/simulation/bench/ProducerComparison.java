package kafkasim.simulation.bench;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import kafkasim.common.process.ChildJvm;
import kafkasim.common.process.WatchedMain;
import kafkasim.common.scenario.Scenario;
import kafkasim.common.scenario.ScenarioLoader;
import kafkasim.generator.manager.ManagerMain;
import kafkasim.generator.transport.kafka.KafkaTopics;
import kafkasim.generator.transport.kafka.ProducerSettings;
import kafkasim.simulation.orchestrator.Orchestrator;
import kafkasim.simulation.orchestrator.RunFolder;

/**
 * Bench part (a): one generator worker against Kafka's own {@code ProducerPerformance}, on the same broker, with
 * the same record size (256 B), the same producer settings (kafkasim's defaults: acks=all, idempotence, linger
 * 5 ms, 64 KiB batches), the same JVM flags, the same topic layout; alternating which goes first, {@code rounds}
 * times; the medians and their ratio.
 *
 * <p>The worker runs as in every scenario (orchestrator → manager → one worker), saturated: 1,000 devices at
 * 1,000 msg/s each are far more than one producer can send, so the send loop is always late and sends at once,
 * stamping every message with its scheduled time, and the producer's {@code send} blocks when its buffer is full.
 * Its rate is what the brokers acknowledged during the run, from the moment the worker was ready (JVM start-up and
 * the flush after the stop are excluded, as {@code ProducerPerformance} excludes its JVM start-up and includes its
 * own warm-up: both sides include JIT warm-up). Differences that remain: the worker's records carry a key
 * (deviceId, spread over all partitions), ProducerPerformance's do not (sticky partitioner).
 */
final class ProducerComparison {
    static final int RECORD_BYTES = 256;
    static final int PARTITIONS = 6;
    static final String TOPIC = "bench.producer";
    static final String PERF_MAIN = "org.apache.kafka.tools.ProducerPerformance";
    /** The final summary line of ProducerPerformance: "N records sent, R records/sec (…), … 50th, …". */
    static final Pattern PERF_SUMMARY = Pattern.compile("^(\\d+) records sent, ([\\d.]+) records/sec .*50th.*$",
            Pattern.MULTILINE);

    /** One round: both producers' rates, records per second. */
    record Round(int round, double producerPerformancePerSec, double workerPerSec) {
    }

    /** All rounds and their medians; {@code ratio} = worker median ÷ ProducerPerformance median. */
    record Result(int recordBytes, Map<String, String> producerProperties, int durationSec, List<Round> rounds,
                  double producerPerformancePerSec, double workerPerSec, double ratio) {
    }

    private final String bootstrap;
    private final Path dir;
    private final int rounds;
    private final int durationSec;
    private final PrintStream out;

    ProducerComparison(String bootstrap, Path dir, int rounds, int durationSec, PrintStream out) {
        this.bootstrap = bootstrap;
        this.dir = dir;
        this.rounds = rounds;
        this.durationSec = durationSec;
        this.out = out;
    }

    Result run() throws Exception {
        // ProducerPerformance does not create its topic; the first round may start with it
        KafkaTopics.ensure(bootstrap, Map.of(TOPIC, PARTITIONS), 1, 30_000);
        List<Round> done = new ArrayList<>();
        long perfRecords = 3_000_000; // first guess; later rounds size it to the duration from the last rate
        for (int i = 0; i < rounds; i++) {
            double perf;
            double worker;
            if (i % 2 == 0) {
                perf = producerPerformance(i, perfRecords);
                worker = worker(i);
            } else {
                worker = worker(i);
                perf = producerPerformance(i, perfRecords);
            }
            out.printf("  round %d: ProducerPerformance %,.0f records/s, kafkasim worker %,.0f msg/s (%.2f)%n", i + 1,
                    perf, worker, worker / perf);
            done.add(new Round(i + 1, Math.round(perf), Math.round(worker)));
            perfRecords = Math.max(100_000, (long) (perf * durationSec));
        }
        double perfMedian = median(done.stream().mapToDouble(Round::producerPerformancePerSec).toArray());
        double workerMedian = median(done.stream().mapToDouble(Round::workerPerSec).toArray());
        return new Result(RECORD_BYTES, ProducerSettings.effective(Map.of()), durationSec, done, perfMedian, workerMedian,
                Math.round(1000 * workerMedian / perfMedian) / 1000.0);
    }

    /** Runs ProducerPerformance in its own JVM (the workers' flags) and returns its records per second. */
    private double producerPerformance(int round, long records) throws IOException, InterruptedException {
        Path log = Files.createDirectories(dir.resolve("round-" + (round + 1))).resolve("producer-performance.log");
        List<String> args = new ArrayList<>(List.of(PERF_MAIN, "--topic", TOPIC, "--num-records",
                Long.toString(records), "--record-size", Integer.toString(RECORD_BYTES), "--throughput", "-1",
                "--producer-props", "bootstrap.servers=" + bootstrap));
        ProducerSettings.effective(Map.of()).forEach((k, v) -> args.add(k + "=" + v));
        Process p = ChildJvm.of(WatchedMain.class).jvmArgs(ManagerMain.workerJavaOpts()).args(args)
                .stdout(ProcessBuilder.Redirect.to(log.toFile())).stderr(ProcessBuilder.Redirect.appendTo(log.toFile()))
                .start();
        try {
            if (!p.waitFor(10, TimeUnit.MINUTES) || p.exitValue() != 0) {
                throw new IllegalStateException("ProducerPerformance failed, see " + log);
            }
        } finally {
            p.destroyForcibly();
        }
        return parseRecordsPerSec(Files.readString(log, StandardCharsets.UTF_8));
    }

    /** The records/sec of ProducerPerformance's final summary line. */
    static double parseRecordsPerSec(String output) {
        Matcher m = PERF_SUMMARY.matcher(output);
        double rate = -1;
        while (m.find()) {
            rate = Double.parseDouble(m.group(2));
        }
        if (rate < 0) {
            throw new IllegalStateException("no summary line in ProducerPerformance's output:\n" + output);
        }
        return rate;
    }

    /** Runs the generator with one saturated worker and returns what the broker acknowledged per second. */
    private double worker(int round) throws Exception {
        Scenario s = ScenarioLoader.parse(saturatingScenario(durationSec), "bench");
        Path runDir = RunFolder.create(dir.resolve("round-" + (round + 1)).resolve("worker"), s.name());
        Path log = runDir.resolve("orchestrator.out");
        try (PrintStream runOut = new PrintStream(Files.newOutputStream(log), true, StandardCharsets.UTF_8)) {
            var result = new Orchestrator(new Orchestrator.Options(s, bootstrap, runDir, 300), runOut).run();
            return result.summary().producedPerSec();
        }
    }

    static double median(double[] values) {
        double[] sorted = values.clone();
        java.util.Arrays.sort(sorted);
        int n = sorted.length;
        return n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
    }

    static String saturatingScenario(int durationSec) {
        return """
                { "name": "bench-producer", "durationSec": %d, "warmupSec": 0, "workers": 1,
                  "kafka": { "topic": "%s", "partitions": %d, "logTopic": "bench.log" },
                  "devices": [ { "type": "bench", "count": 1000, "ratePerSec": 1000, "payloadBytes": %d,
                                 "anomalyRate": 0 } ] }
                """.formatted(durationSec, TOPIC, PARTITIONS, RECORD_BYTES);
    }
}

package kafkasim.simulation.bench;

import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import kafkasim.simulation.cli.BadInputException;
import kafkasim.simulation.cli.JobsJar;
import kafkasim.simulation.orchestrator.InfraOptions;
import kafkasim.simulation.orchestrator.Infrastructure;
import kafkasim.simulation.orchestrator.RunFolder;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code kafkasim bench}: the figures that say whether the simulator can be trusted on this machine, in one
 * invocation on one embedded stack: (c) cold start, measured first, from this command to every path's first
 * message; (a) one generator worker against Kafka's own ProducerPerformance; (b) the pipeline's capacity.
 * Writes {@code bench.json} and {@code bench.md} and prints the table.
 */
@Command(name = "bench", mixinStandardHelpOptions = true,
        description = "Benchmark this machine: cold start, generator worker vs Kafka's ProducerPerformance, pipeline"
                + " capacity. Writes bench.json and bench.md.")
public final class BenchCommand implements Callable<Integer> {
    @Option(names = "--out", paramLabel = "DIR",
            description = "Results folder (must be new or empty). Default: results/bench-<time>.")
    Path out;

    @Option(names = "--rounds", paramLabel = "N", defaultValue = "3",
            description = "Rounds of the producer comparison (default: ${DEFAULT-VALUE}; the median counts).")
    int rounds;

    @Option(names = "--producer-sec", paramLabel = "SEC", defaultValue = "20",
            description = "How long each producer runs per round (default: ${DEFAULT-VALUE}).")
    int producerSec;

    @Option(names = "--probe-sec", paramLabel = "SEC", defaultValue = "45",
            description = "How long the generator runs per capacity probe, the first third warm-up"
                    + " (default: ${DEFAULT-VALUE}).")
    int probeSec;

    @Option(names = "--start-rate", paramLabel = "MSG_PER_SEC", defaultValue = "4000",
            description = "The capacity search's first rate (default: ${DEFAULT-VALUE}).")
    int startRate;

    @Option(names = "--max-probes", paramLabel = "N", defaultValue = "7",
            description = "At most this many capacity probes (default: ${DEFAULT-VALUE}).")
    int maxProbes;

    @Option(names = "--jobs-jar", paramLabel = "JAR",
            description = "The jobs jar to submit (default: flink-jobs/target/kafkasim-flink-jobs.jar).")
    Path jobsJar;

    @Option(names = "--smoke", description = "One short round and probe each: shows the bench works; its figures"
            + " mean little.")
    boolean smoke;

    @Override
    public Integer call() throws Exception {
        // the JVM's start, not the process's: ./kafkasim execs java in the process that ran the build first
        long commandMs = ManagementFactory.getRuntimeMXBean().getStartTime();
        check(rounds >= 1, "--rounds must be >= 1, got " + rounds);
        check(producerSec >= 2, "--producer-sec must be >= 2 seconds, got " + producerSec);
        check(probeSec >= 6, "--probe-sec must be >= 6 seconds, got " + probeSec);
        check(startRate >= 100, "--start-rate must be >= 100 msg/s, got " + startRate);
        check(maxProbes >= 1, "--max-probes must be >= 1, got " + maxProbes);
        Path jar = JobsJar.resolve(jobsJar);
        Path dir = RunFolder.create(out, "bench");
        PrintStream o = System.out;
        o.println("bench folder: " + dir);
        BenchReport.Machine machine = BenchReport.Machine.read();
        try (Infrastructure infra = Infrastructure.start(new InfraOptions(null, null, null, null, null, null,
                true), dir, o)) {
            long infraReadyMs = System.currentTimeMillis();
            o.println("(c) cold start: a short run on the fresh stack");
            ColdStart cold = ColdStart.measure(commandMs, infraReadyMs, infra, jar, dir.resolve("cold-start"));
            o.printf("  first message completed %.1f s after the command (infrastructure up after %.1f s)%n",
                    cold.coldStartSec(), cold.infrastructureSec());

            int r = smoke ? 1 : rounds;
            int sec = smoke ? 3 : producerSec;
            o.printf("(a) producer: %d round(s) of %d s, %d-byte records%n", r, sec, ProducerComparison.RECORD_BYTES);
            ProducerComparison.Result producer = new ProducerComparison(infra.endpoints().kafkaBootstrap(),
                    dir.resolve("producer"), r, sec, o).run();

            o.printf("(b) pipeline capacity: %d-byte messages, fast path service time 0%n",
                    CapacitySearch.PAYLOAD_BYTES);
            CapacitySearch.Result capacity = new CapacitySearch(infra, jar, dir.resolve("capacity"),
                    smoke ? 9 : probeSec, o).run(smoke ? 500 : startRate, smoke ? 1 : maxProbes);

            BenchReport report = new BenchReport(producer.ratio(), capacity.pipelineCapacityPerSec(),
                    cold.coldStartSec(), machine, producer, capacity, cold);
            report.write(dir);
            o.println();
            o.print(report.markdown());
            o.println("\nbench.json: " + dir.resolve("bench.json"));
        }
        return 0;
    }

    private static void check(boolean ok, String problem) throws BadInputException {
        if (!ok) {
            throw new BadInputException(problem);
        }
    }
}

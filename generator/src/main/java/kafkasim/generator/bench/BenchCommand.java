package kafkasim.generator.bench;

import java.nio.file.Path;
import java.util.concurrent.Callable;
import kafkasim.generator.cli.BadInputException;
import kafkasim.generator.orchestrator.RunFolder;
import kafkasim.infra.EmbeddedKafka;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code kafkasim bench}: the figures that say whether the simulator can be trusted on this machine, in one
 * invocation on one embedded broker: (a) one generator worker against Kafka's own ProducerPerformance.
 */
@Command(name = "bench", mixinStandardHelpOptions = true,
        description = "Benchmark this machine: generator worker vs Kafka's ProducerPerformance.")
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

    @Option(names = "--smoke", description = "A few seconds per part: shows the bench works; the figures mean little.")
    boolean smoke;

    @Override
    public Integer call() throws Exception {
        if (rounds < 1) {
            throw new BadInputException("--rounds must be >= 1, got " + rounds);
        }
        if (producerSec < 2) {
            throw new BadInputException("--producer-sec must be >= 2 seconds, got " + producerSec);
        }
        Path dir = RunFolder.create(out, "bench");
        System.out.println("bench folder: " + dir);
        int r = smoke ? 1 : rounds;
        int sec = smoke ? 3 : producerSec;
        try (EmbeddedKafka kafka = EmbeddedKafka.start(dir.resolve("infra").resolve("kafka"))) {
            System.out.printf("Kafka ready in %.1f s at %s%n", kafka.startupMillis() / 1000.0, kafka.bootstrap());
            System.out.printf("(a) producer: %d round(s) of %d s, %d-byte records%n", r, sec,
                    ProducerComparison.RECORD_BYTES);
            ProducerComparison.Result producer = new ProducerComparison(kafka.bootstrap(), dir.resolve("producer"), r,
                    sec, System.out).run();
            System.out.printf("producer ratio %.3f: worker %,.0f msg/s vs ProducerPerformance %,.0f records/s%n",
                    producer.ratio(), producer.workerPerSec(), producer.producerPerformancePerSec());
        }
        return 0;
    }
}

package kafkasim.generator.manager;

import static kafkasim.generator.manager.ManagerRun.is;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.LongStream;
import kafkasim.common.envelope.Envelope;
import kafkasim.common.scenario.DeviceCatalog;
import kafkasim.generator.ipc.Command;
import kafkasim.generator.ipc.Event;
import kafkasim.generator.plan.DeviceRange;
import kafkasim.generator.plan.GeneratorConfig;
import kafkasim.generator.plan.GeneratorConfigFile;
import kafkasim.generator.plan.KafkaTransportConfig;
import kafkasim.generator.plan.WorkerSpec;
import kafkasim.generator.transport.kafka.KafkaTopics;
import kafkasim.generator.worker.DeviceStates;
import kafkasim.infra.kafka.EmbeddedKafka;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The manager's {@code pause}, {@code resume} and {@code reset} against one real KRaft broker for the class, with
 * the manager and its workers as real processes; every claim is checked against the topic by a plain consumer.
 */
class ManagerPauseResetIT {
    static final int PARTITIONS = 3;
    static final Duration START = Duration.ofSeconds(30);
    static EmbeddedKafka kafka;
    @TempDir
    static Path brokerDir;
    @TempDir
    Path dir;

    @BeforeAll
    static void startBroker() {
        kafka = EmbeddedKafka.start(brokerDir);
    }

    @AfterAll
    static void stopBroker() {
        if (kafka != null) {
            kafka.close();
        }
    }

    /** {@code devices} temperature devices at 20 msg/s each, split evenly over {@code workers} workers. */
    private static GeneratorConfig config(String topic, int devices, int workers, int statsIntervalMs) {
        List<WorkerSpec> specs = new ArrayList<>();
        for (int w = 0; w < workers; w++) {
            int first = devices * w / workers;
            int end = devices * (w + 1) / workers;
            specs.add(new WorkerSpec(w, List.of(new DeviceRange("temperature", first, end - first, 20, 300, 0.0,
                    DeviceCatalog.fieldsFor("temperature")))));
        }
        return new GeneratorConfig(new KafkaTransportConfig(kafka.bootstrap(), topic, null), null, statsIntervalMs,
                specs);
    }

    private static long nowUs() {
        return System.currentTimeMillis() * 1000;
    }

    /**
     * Waits for two stats of {@code workerId}, one interval apart, with the same acked count: its in-flight sends
     * are done (acked only grows, so stats skipped in between had it too).
     */
    private static long awaitAckedSettled(ManagerRun run, int workerId) throws Exception {
        Long previous = null;
        while (true) {
            Event stats = run.await(run.mark(), is(Event.STATS, workerId), Duration.ofSeconds(10),
                    "stats of worker " + workerId);
            if (stats.acked().equals(previous)) {
                return stats.acked();
            }
            previous = stats.acked();
        }
    }

    @Test
    void pauseResumeAndResetKeepEveryDevicesSeqsGaplessWithoutDuplicates() throws Exception {
        String topic = "pause-reset";
        KafkaTopics.ensure(kafka.bootstrap(), Map.of(topic, PARTITIONS), 1, 30_000);
        Path configFile = dir.resolve("generator-config.json");
        GeneratorConfigFile.write(configFile, config(topic, 20, 1, 200)); // 400 msg/s
        try (ManagerRun run = ManagerRun.start(dir, configFile);
             TopicRecords topicRecords = new TopicRecords(kafka.bootstrap(), topic, PARTITIONS)) {
            run.await(0, is(Event.READY, 0), START, "worker 0 ready");
            topicRecords.pollUntil(read -> read.size() >= 200, Duration.ofSeconds(10), "200 records before the pause");

            // pause: once the in-flight sends are acknowledged, nothing more for 2 s, while stats go on
            long pausedUs = nowUs();
            run.send(Command.PAUSE);
            long ackedAtPause = awaitAckedSettled(run, 0);
            topicRecords.readToEnd(Duration.ofSeconds(10));
            assertEquals(ackedAtPause, topicRecords.envelopes.size(), "the topic holds what was acknowledged");
            int statsMark = run.mark();
            assertEquals(0, topicRecords.pollFor(Duration.ofSeconds(2)), "nothing arrives while paused");
            assertEquals(ackedAtPause, topicRecords.inTopic());
            List<Event> pausedStats = run.since(statsMark).stream().filter(is(Event.STATS, 0)).toList();
            assertTrue(pausedStats.size() >= 5, "stats go on while paused: " + pausedStats.size());
            assertTrue(pausedStats.stream().allMatch(s -> s.acked() == ackedAtPause && s.devices() == 20),
                    "at zero rate: " + pausedStats);

            long resumedUs = nowUs();
            run.send(Command.RESUME);
            topicRecords.pollUntil(read -> read.size() >= ackedAtPause + 200, Duration.ofSeconds(10),
                    "200 records after the resume");
            // what would have been due while paused is not sent afterwards (its scheduled time would be in the pause)
            long pauseMarginUs = 500_000;
            List<Envelope> scheduledInPause = topicRecords.envelopes.stream()
                    .filter(e -> e.sentAtUs() > pausedUs + pauseMarginUs && e.sentAtUs() < resumedUs - 100_000)
                    .toList();
            assertEquals(List.of(), scheduledInPause, "no burst of the paused sends");

            // reset while sending, onto an edited file: 30 devices on 2 workers
            GeneratorConfigFile.write(configFile, config(topic, 30, 2, 200));
            int mark = run.mark();
            run.send(Command.RESET);
            Event reset = run.await(mark, is(Event.RESET), START, "reset done");
            assertEquals("reset: 1 workers stopped, 2 started", reset.message());
            List<Event> during = run.since(mark);
            Event exited = during.stream().filter(is(Event.WORKER_EXITED, 0)).findFirst().orElseThrow();
            assertEquals(0, exited.exitCode(), exited.toString());
            assertFalse(exited.restart(), "a reset's stop is expected, not a crash: " + exited);
            assertTrue(during.indexOf(exited) < during.indexOf(reset), "the exit is reported before the reset");
            assertTrue(during.stream().anyMatch(e -> Event.CONFIG.equals(e.event())
                    && e.message().startsWith("applied: 2 workers, 30 devices")), during.toString());
            List<Event> started = during.stream().filter(is(Event.WORKER_STARTED)).toList();
            assertEquals(2, started.size(), started.toString());
            assertTrue(started.stream().noneMatch(Event::restart), "fresh workers, not restarts: " + started);
            run.await(mark, is(Event.READY, 0), START, "worker 0 ready after the reset");
            run.await(mark, is(Event.READY, 1), START, "worker 1 ready after the reset");
            topicRecords.pollUntil(read -> read.stream().anyMatch(e -> e.deviceId().equals("temperature-000029")),
                    Duration.ofSeconds(10), "a device the reset added");

            // pause, then reset onto a file that does not validate: the running config, still paused
            mark = run.mark();
            run.send(Command.PAUSE);
            GeneratorConfigFile.write(configFile, config(topic, 30, 2, 10)); // statsIntervalMs must be >= 100
            run.send(Command.RESET);
            reset = run.await(mark, is(Event.RESET), START, "second reset done");
            assertEquals("reset: 2 workers stopped, 2 started", reset.message());
            assertTrue(run.since(mark).stream().anyMatch(e -> Event.CONFIG.equals(e.event())
                    && e.message().startsWith("rejected: ") && e.message().contains("statsIntervalMs")),
                    run.since(mark).toString());
            int afterReset = run.mark();
            run.await(mark, is(Event.READY, 0), START, "worker 0 ready after the second reset");
            run.await(mark, is(Event.READY, 1), START, "worker 1 ready after the second reset");
            run.await(afterReset, is(Event.STATS, 1), Duration.ofSeconds(10), "stats of the new worker 1");
            topicRecords.readToEnd(Duration.ofSeconds(10)); // the stopped workers flushed: this is final
            long atSecondPause = topicRecords.envelopes.size();
            assertEquals(0, topicRecords.pollFor(Duration.ofSeconds(1)), "workers started by a reset while paused");
            assertEquals(atSecondPause, topicRecords.inTopic());

            run.send(Command.RESUME);
            topicRecords.pollUntil(read -> read.size() >= atSecondPause + 200, Duration.ofSeconds(10),
                    "200 records after the second resume");

            // a stop right behind a reset: the manager ends, the reset starts nothing
            mark = run.mark();
            run.send(Command.RESET);
            run.send(Command.STOP);
            assertEquals(0, run.awaitExit(Duration.ofSeconds(60)));
            List<Event> last = run.since(mark);
            assertTrue(last.stream().anyMatch(is(Event.STOPPED)), last.toString());
            assertTrue(last.stream().noneMatch(is(Event.RESET)), "no reset completes after a stop: " + last);
            assertTrue(last.stream().noneMatch(is(Event.WORKER_STARTED)), last.toString());
            assertEquals(2, last.stream().filter(is(Event.WORKER_EXITED)).filter(e -> !e.restart()).count(),
                    last.toString());

            topicRecords.readToEnd(Duration.ofSeconds(10));
            Map<String, Long> acked = new TreeMap<>();
            for (DeviceStates.DeviceCount c : DeviceStates.read(dir.resolve("state"))) {
                assertEquals(0, c.failed(), c.toString());
                acked.put(c.deviceId(), c.acked());
            }
            Map<String, List<Long>> seqs = topicRecords.seqsByDevice();
            assertEquals(30, seqs.size());
            Map<String, Long> inTopic = new TreeMap<>();
            seqs.forEach((device, list) -> {
                List<Long> sorted = list.stream().sorted().toList();
                assertEquals(LongStream.range(0, sorted.size()).boxed().toList(), sorted,
                        device + ": seqs 0..n-1, no gap, no duplicate");
                inTopic.put(device, (long) list.size());
            });
            assertEquals(acked, inTopic, "the state files' acked counts are what the topic holds, per device");
        }
    }
}

package kafkasim.generator.worker;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import kafkasim.common.envelope.Envelope;
import kafkasim.common.json.Json;
import kafkasim.common.scenario.DeviceCatalog;
import kafkasim.generator.logging.LogConfig;
import kafkasim.generator.logging.SimLog;
import kafkasim.generator.plan.DeviceRange;
import kafkasim.generator.plan.WorkerSpec;
import kafkasim.generator.transport.DeviceAddress;
import kafkasim.generator.transport.Transport;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The send loop against an in-memory transport: schedule, seqs, state file, reconfiguration. */
class SendLoopTest {
    @TempDir
    Path dir;
    SimLog log;

    /** Keeps a copy of every payload (the loop reuses its buffer) and answers each send at once. */
    static final class RecordingTransport implements Transport {
        final List<Envelope> sent = new ArrayList<>();
        final List<Envelope> failed = new ArrayList<>();
        final List<Integer> sizes = new ArrayList<>();
        int failEvery;

        @Override
        public synchronized void publish(DeviceAddress device, byte[] payload, Completion completion) {
            try {
                Envelope e = Json.mapper().readValue(payload.clone(), Envelope.class);
                assertEquals(device.deviceId(), e.deviceId());
                sent.add(e);
                sizes.add(payload.length);
            } catch (Exception ex) {
                throw new AssertionError(ex);
            }
            boolean fail = failEvery > 0 && sent.size() % failEvery == 0;
            if (fail) {
                failed.add(sent.get(sent.size() - 1));
            }
            completion.completed(fail ? new RuntimeException("injected") : null);
        }

        @Override
        public void close(Duration flushTimeout) {
        }

        synchronized Map<String, List<Envelope>> byDevice() {
            Map<String, List<Envelope>> m = new TreeMap<>();
            sent.forEach(e -> m.computeIfAbsent(e.deviceId(), k -> new ArrayList<>()).add(e));
            return m;
        }
    }

    @BeforeEach
    void openLog() throws Exception {
        Files.createDirectories(dir.resolve("state"));
        log = SimLog.open(LogConfig.of("worker", "test", dir));
    }

    @AfterEach
    void closeLog() {
        log.close();
    }

    private static DeviceRange range(int first, int count, double rate) {
        return new DeviceRange("temperature", first, count, rate, 300, 0.0, DeviceCatalog.fieldsFor("temperature"));
    }

    private SendLoop runFor(RecordingTransport t, WorkerSpec spec, Duration d, Runnable midway) throws Exception {
        SendLoop loop = new SendLoop(t, dir.resolve("state"), MicroClock.system(), new WorkerStats(), log);
        loop.init(spec);
        Thread thread = new Thread(loop);
        thread.start();
        Thread.sleep(d.toMillis() / 2);
        if (midway != null) {
            midway.run();
        }
        Thread.sleep(d.toMillis() / 2);
        loop.stop();
        thread.join();
        loop.closeGroups();
        return loop;
    }

    @Test
    void sendsOnScheduleWithGaplessSeqsAndExactSizes() throws Exception {
        RecordingTransport t = new RecordingTransport();
        SendLoop loop = runFor(t, new WorkerSpec(0, List.of(range(0, 10, 200))), Duration.ofMillis(600), null);
        assertTrue(t.sent.size() > 800, "about 2000 msg/s for 0.6 s, got " + t.sent.size());
        assertTrue(t.sizes.stream().allMatch(s -> s == 300));
        for (int i = 1; i < t.sent.size(); i++) {
            long stepUs = t.sent.get(i).sentAtUs() - t.sent.get(i - 1).sentAtUs();
            assertTrue(stepUs >= 499 && stepUs <= 501, "devices staggered 500 µs apart, got " + stepUs);
        }
        t.byDevice().forEach((device, msgs) -> {
            for (int i = 0; i < msgs.size(); i++) {
                assertEquals(i, msgs.get(i).seq(), device);
                if (i > 0) {
                    long periodUs = msgs.get(i).sentAtUs() - msgs.get(i - 1).sentAtUs();
                    assertTrue(Math.abs(periodUs - 5000) <= 1, "each device at 200/s, got " + periodUs);
                }
            }
        });
        assertEquals(t.sent.size(), loop.totals()[0], "every ack counted in the state file");
    }

    @Test
    void aNewProcessResumesEachDeviceAfterItsLastCompletedSeq() throws Exception {
        WorkerSpec spec = new WorkerSpec(0, List.of(range(0, 5, 100)));
        RecordingTransport first = new RecordingTransport();
        first.failEvery = 7;
        runFor(first, spec, Duration.ofMillis(300), null);
        RecordingTransport second = new RecordingTransport();
        runFor(second, spec, Duration.ofMillis(300), null);
        Map<String, List<Envelope>> a = first.byDevice();
        // a device the first process never reached (a slow start on a busy machine) starts at 0
        second.byDevice().forEach((device, msgs) -> assertEquals(a.getOrDefault(device, List.of()).size(),
                msgs.get(0).seq(), device + " continues where the first process stopped (failed sends included)"));
        var counts = DeviceStates.read(dir.resolve("state"));
        long failed = counts.stream().mapToLong(DeviceStates.DeviceCount::failed).sum();
        assertEquals(first.sent.size() / 7, failed);
        assertEquals(first.sent.size() + second.sent.size(),
                counts.stream().mapToLong(c -> c.acked() + c.failed()).sum());
    }

    @Test
    void failedSeqsAreRecordedPerDeviceIndexAndAgreeWithTheCounts() throws Exception {
        WorkerSpec spec = new WorkerSpec(0, List.of(range(3, 4, 200))); // devices 3..6: slot = index, not offset
        RecordingTransport first = new RecordingTransport();
        first.failEvery = 5;
        runFor(first, spec, Duration.ofMillis(300), null);
        RecordingTransport second = new RecordingTransport(); // a restarted worker appends to the same log
        second.failEvery = 3;
        runFor(second, spec, Duration.ofMillis(300), null);
        Map<String, List<Long>> expected = new TreeMap<>();
        for (Envelope e : first.failed) {
            expected.computeIfAbsent(e.deviceId(), k -> new ArrayList<>()).add(e.seq());
        }
        for (Envelope e : second.failed) {
            expected.computeIfAbsent(e.deviceId(), k -> new ArrayList<>()).add(e.seq());
        }
        assertTrue(expected.size() == 4 && !second.failed.isEmpty(), "every device failed some: " + expected);
        Map<String, long[]> read = DeviceStates.readFailedSeqs(dir.resolve("state"));
        assertEquals(expected.keySet(), read.keySet());
        expected.forEach((device, seqs) -> assertEquals(seqs, Arrays.stream(read.get(device)).boxed().toList(),
                device));
        for (DeviceStates.DeviceCount c : DeviceStates.read(dir.resolve("state"))) {
            assertEquals(c.failed(), read.get(c.deviceId()).length, c.deviceId() + ": log and counter agree");
        }
    }

    @Test
    void appliedSpecAddsDevicesAndKeepsSeqsOfExistingOnes() throws Exception {
        RecordingTransport t = new RecordingTransport();
        SendLoop[] loopRef = new SendLoop[1];
        SendLoop loop = new SendLoop(t, dir.resolve("state"), MicroClock.system(), new WorkerStats(), log);
        loopRef[0] = loop;
        loop.init(new WorkerSpec(0, List.of(range(0, 4, 100))));
        Thread thread = new Thread(loop);
        thread.start();
        Thread.sleep(300);
        loop.apply(new WorkerSpec(0, List.of(range(0, 8, 100))));
        Thread.sleep(300);
        loop.stop();
        thread.join();
        loop.closeGroups();
        Map<String, List<Envelope>> byDevice = t.byDevice();
        assertEquals(8, byDevice.size());
        byDevice.forEach((device, msgs) -> {
            for (int i = 0; i < msgs.size(); i++) {
                assertEquals(i, msgs.get(i).seq(), device + " has no gap or repeat across the change");
            }
        });
        assertEquals(8, loop.deviceCount());
    }

    private static int index(String deviceId) {
        return Integer.parseInt(deviceId.substring(deviceId.lastIndexOf('-') + 1));
    }

    private static int sentCount(RecordingTransport t) {
        synchronized (t) {
            return t.sent.size();
        }
    }

    @Test
    void aPauseSendsNothingAndTheResumeGoesOnWithoutABurstOrAGap() throws Exception {
        RecordingTransport t = new RecordingTransport();
        MicroClock clock = MicroClock.system();
        SendLoop loop = new SendLoop(t, dir.resolve("state"), clock, new WorkerStats(), log);
        loop.init(new WorkerSpec(0, List.of(range(0, 10, 100)))); // 1000 msg/s, 1 ms apart
        Thread thread = new Thread(loop);
        thread.start();
        Thread.sleep(300);
        long pausedUs = clock.nowUs();
        loop.setPaused(true);
        Thread.sleep(50); // the loop sees the pause before its next message; 50 ms covers a busy host
        int atPause = sentCount(t);
        Thread.sleep(400);
        assertEquals(atPause, sentCount(t), "nothing sent while paused");
        long resumedUs = clock.nowUs();
        loop.setPaused(false);
        Thread.sleep(300);
        loop.stop();
        thread.join();
        loop.closeGroups();

        List<Envelope> sent = t.sent;
        int firstAfter = 0;
        while (firstAfter < sent.size() && sent.get(firstAfter).sentAtUs() < resumedUs) {
            firstAfter++;
        }
        // one message may have been under way when the pause came: due before it, sent just after
        long scheduledInThePause = sent.stream().filter(e -> e.sentAtUs() > pausedUs && e.sentAtUs() < resumedUs)
                .count();
        assertTrue(scheduledInThePause <= 1, scheduledInThePause + " messages scheduled in the pause");
        assertTrue(firstAfter > 200 && sent.size() - firstAfter > 200, "sent before and after the pause: "
                + firstAfter + " and " + (sent.size() - firstAfter));
        for (int i = firstAfter + 1; i < sent.size(); i++) {
            long stepUs = sent.get(i).sentAtUs() - sent.get(i - 1).sentAtUs();
            assertTrue(stepUs >= 999 && stepUs <= 1001, "after the resume 1 ms apart as before, no burst: " + stepUs);
        }
        int lastDevice = index(sent.get(firstAfter - 1).deviceId());
        assertEquals((lastDevice + 1) % 10, index(sent.get(firstAfter).deviceId()),
                "the device order goes on where it stopped");
        t.byDevice().forEach((device, msgs) -> {
            for (int i = 0; i < msgs.size(); i++) {
                assertEquals(i, msgs.get(i).seq(), device + " has no gap or repeat across the pause");
            }
        });
        assertEquals(sent.size(), loop.totals()[0]);
    }

    @Test
    void aLoopPausedBeforeItRunsSendsNothingAndASpecAppliedMeanwhileStartsAtTheResume() throws Exception {
        RecordingTransport t = new RecordingTransport();
        MicroClock clock = MicroClock.system();
        SendLoop loop = new SendLoop(t, dir.resolve("state"), clock, new WorkerStats(), log);
        loop.init(new WorkerSpec(0, List.of(range(0, 4, 100))));
        loop.setPaused(true); // as a worker started while the manager is paused
        Thread thread = new Thread(loop);
        thread.start();
        Thread.sleep(200);
        loop.apply(new WorkerSpec(0, List.of(range(0, 8, 100))));
        Thread.sleep(200);
        assertEquals(0, sentCount(t), "nothing sent while paused, before and after the new spec");
        assertEquals(8, loop.deviceCount(), "the spec was applied while paused");
        long resumedUs = clock.nowUs();
        loop.setPaused(false);
        Thread.sleep(300);
        loop.stop();
        thread.join();
        loop.closeGroups();
        Map<String, List<Envelope>> byDevice = t.byDevice();
        assertEquals(8, byDevice.size());
        byDevice.forEach((device, msgs) -> {
            assertTrue(msgs.get(0).sentAtUs() >= resumedUs, device + " scheduled from the resume, no catching up");
            for (int i = 0; i < msgs.size(); i++) {
                assertEquals(i, msgs.get(i).seq(), device);
            }
        });
    }
}

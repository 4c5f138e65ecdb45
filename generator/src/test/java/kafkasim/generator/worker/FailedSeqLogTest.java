package kafkasim.generator.worker;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The failed-seq log and its reader, on temp files. */
class FailedSeqLogTest {
    @TempDir
    Path dir;

    @Test
    void readsDistinctSortedSeqsPerDeviceAndType() throws Exception {
        try (FailedSeqLog camera = FailedSeqLog.open(dir, "camera");
             FailedSeqLog meter = FailedSeqLog.open(dir, "meter")) {
            camera.record(7, 30);
            camera.record(7, 12);
            camera.record(0, 5);
            camera.record(7, 30); // sent again after a restart and failed again: one failed seq
            meter.record(7, 1);
        }
        FailedSeqLog.open(dir, "idle").close(); // an empty log: no device
        Map<String, long[]> failed = DeviceStates.readFailedSeqs(dir);
        assertEquals(List.of("camera-000000", "camera-000007", "meter-000007"), new ArrayList<>(failed.keySet()));
        assertArrayEquals(new long[] {5}, failed.get("camera-000000"));
        assertArrayEquals(new long[] {12, 30}, failed.get("camera-000007"));
        assertArrayEquals(new long[] {1}, failed.get("meter-000007"));
        assertEquals(5L * FailedSeqLog.RECORD_BYTES, Files.size(FailedSeqLog.fileFor(dir, "camera"))
                + Files.size(FailedSeqLog.fileFor(dir, "meter")), "one fixed-size record per failure");
    }

    @Test
    void noStateFolderMeansNoFailures() throws Exception {
        assertTrue(DeviceStates.readFailedSeqs(dir.resolve("absent")).isEmpty());
    }

    @Test
    void twoChannelsAppendingToOneFileNeverOverwriteEachOther() throws Exception {
        int perThread = 2_000;
        // two logs = two channels on the same file, as two workers hosting disjoint devices of one type
        try (FailedSeqLog workerA = FailedSeqLog.open(dir, "camera");
             FailedSeqLog workerB = FailedSeqLog.open(dir, "camera")) {
            workerA.record(0, 0); // a record from before: the second opener must not truncate it
            CountDownLatch go = new CountDownLatch(1);
            List<Thread> threads = new ArrayList<>();
            for (int t = 0; t < 4; t++) {
                FailedSeqLog log = t % 2 == 0 ? workerA : workerB;
                int device = 1 + t;
                threads.add(new Thread(() -> {
                    try {
                        go.await();
                        for (long seq = 0; seq < perThread; seq++) {
                            log.record(device, seq);
                        }
                    } catch (Exception e) {
                        throw new AssertionError(e);
                    }
                }));
            }
            threads.forEach(Thread::start);
            go.countDown();
            for (Thread t : threads) {
                t.join();
            }
        }
        Map<String, long[]> failed = DeviceStates.readFailedSeqs(dir);
        assertArrayEquals(new long[] {0}, failed.get("camera-000000"));
        for (int device = 1; device <= 4; device++) {
            long[] seqs = failed.get(String.format("camera-%06d", device));
            assertEquals(perThread, seqs.length, "device " + device);
            assertEquals(perThread - 1, seqs[seqs.length - 1], "device " + device);
        }
        assertEquals((1L + 4 * perThread) * FailedSeqLog.RECORD_BYTES,
                Files.size(FailedSeqLog.fileFor(dir, "camera")));
    }

    @Test
    void anIncompleteRecordAtTheEndIsIgnored() throws Exception {
        try (FailedSeqLog log = FailedSeqLog.open(dir, "camera")) {
            log.record(3, 40);
            log.record(3, 41);
        }
        // a record cut short: 5 of its 12 bytes
        Files.write(FailedSeqLog.fileFor(dir, "camera"), new byte[] {9, 0, 0, 0, 99},
                StandardOpenOption.APPEND);
        Map<String, long[]> failed = DeviceStates.readFailedSeqs(dir);
        assertEquals(List.of("camera-000003"), new ArrayList<>(failed.keySet()));
        assertArrayEquals(new long[] {40, 41}, failed.get("camera-000003"));
    }

    @Test
    void aFailureCompletingAfterCloseIsStillRecorded() throws Exception {
        FailedSeqLog log = FailedSeqLog.open(dir, "camera");
        log.record(2, 10);
        log.close(); // the worker took new ranges while this send was in flight
        log.record(2, 11);
        assertArrayEquals(new long[] {10, 11}, DeviceStates.readFailedSeqs(dir).get("camera-000002"));
    }

    @Test
    void trailingFailuresCountsTheRunEndingAtTheLastSeq() {
        long[] failed = {3, 4, 8, 9, 10};
        assertEquals(3, DeviceStates.trailingFailures(failed, 11), "seqs 8, 9, 10 of 0..10");
        assertEquals(2, DeviceStates.trailingFailures(failed, 10), "seqs 8, 9 of 0..9");
        assertEquals(0, DeviceStates.trailingFailures(failed, 12), "seq 11 was acknowledged");
        assertEquals(0, DeviceStates.trailingFailures(failed, 8), "seq 7 was acknowledged");
        assertEquals(2, DeviceStates.trailingFailures(failed, 5), "seqs 3, 4 of 0..4");
        assertEquals(0, DeviceStates.trailingFailures(new long[0], 5));
        assertEquals(0, DeviceStates.trailingFailures(new long[0], 0), "nothing sent");
        assertEquals(3, DeviceStates.trailingFailures(new long[] {0, 1, 2}, 3), "every seq failed");
    }
}

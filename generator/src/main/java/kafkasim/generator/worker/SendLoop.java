package kafkasim.generator.worker;

import kafkasim.common.security.Rejection;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.LockSupport;
import kafkasim.generator.logging.SimLog;
import kafkasim.generator.plan.DeviceRange;
import kafkasim.generator.plan.WorkerSpec;
import kafkasim.generator.transport.DeviceAddress;
import kafkasim.generator.transport.Transport;

/**
 * The worker's one scheduler thread: picks the device range whose next message is due soonest, stamps the
 * message with its scheduled time (not the time it is actually sent, so a late loop shows up as latency instead
 * of hiding it: no coordinated omission), encodes it into a reusable buffer and hands it to the transport. No
 * locks, no per-device timers, no per-message logging; a new {@link WorkerSpec} and a pause or resume are picked
 * up between messages.
 */
final class SendLoop implements Runnable {
    /** Longest single park, so stop and new specs are noticed promptly on a slow schedule. */
    private static final long MAX_PARK_US = 50_000;
    static final Duration LOCK_WAIT = Duration.ofSeconds(30);

    private final Transport transport;
    private final Path stateDir;
    private final MicroClock clock;
    private final WorkerStats stats;
    private final SimLog log;
    private final SplittableRandom random = new SplittableRandom();
    private final LongAdder sendErrorsLogged = new LongAdder();
    private volatile WorkerSpec pendingSpec;
    private volatile boolean stopping;
    /** What the manager asked for; the loop thread acts on a change between two messages. */
    private volatile boolean pauseRequested;
    /** Whether the schedules are paused now: the loop thread's own view, never touched by another thread. */
    private boolean paused;
    /** The thread in {@link #run}, woken at once by a pause or resume instead of after its park. */
    private volatile Thread runner;
    private volatile List<DeviceGroupRuntime> groups = List.of();

    SendLoop(Transport transport, Path stateDir, MicroClock clock, WorkerStats stats, SimLog log) {
        this.transport = transport;
        this.stateDir = stateDir;
        this.clock = clock;
        this.stats = stats;
        this.log = log;
    }

    /**
     * Opens the devices of the first spec on the caller's thread, so a lock timeout or a device that cannot
     * connect fails the start.
     */
    void init(WorkerSpec spec) throws IOException, TimeoutException, InterruptedException {
        groups = openGroups(spec, List.of());
        attachDevices();
    }

    private void attachDevices() throws InterruptedException {
        List<DeviceAddress> devices = new ArrayList<>();
        for (DeviceGroupRuntime g : groups) {
            devices.addAll(Arrays.asList(g.addresses));
        }
        transport.attach(devices);
        // connecting may take seconds (MQTT: one connection per device): the schedule starts afterwards
        long now = clock.nowUs();
        for (DeviceGroupRuntime g : groups) {
            g.schedule.startAt(now);
            if (paused) { // a spec applied while paused: its schedule starts at the resume
                g.schedule.pauseAt(now);
            }
        }
    }

    /** Hands a new spec to the loop; it is applied before the next message. */
    void apply(WorkerSpec spec) {
        pendingSpec = spec;
    }

    void stop() {
        stopping = true;
    }

    /**
     * Pauses (sends nothing; devices, producer and state stay as they are) or resumes the schedules; repeated
     * calls are harmless. Acted on before the next message.
     */
    void setPaused(boolean pause) {
        pauseRequested = pause;
        Thread t = runner;
        if (t != null) {
            LockSupport.unpark(t);
        }
    }

    @Override
    public void run() {
        runner = Thread.currentThread();
        while (!stopping) {
            WorkerSpec spec = pendingSpec;
            if (spec != null) {
                pendingSpec = null;
                reconfigure(spec);
            }
            if (pauseRequested != paused) {
                switchPause(!paused);
            }
            if (paused) {
                LockSupport.parkNanos(MAX_PARK_US * 1000);
                continue;
            }
            DeviceGroupRuntime g = earliest();
            if (g == null) {
                LockSupport.parkNanos(MAX_PARK_US * 1000);
                continue;
            }
            long dueUs = g.schedule.nextDueUs();
            long waitUs = dueUs - clock.nowUs();
            if (waitUs > 0) {
                LockSupport.parkNanos(Math.min(waitUs, MAX_PARK_US) * 1000);
                continue;
            }
            send(g, g.schedule.takeNextDevice(), dueUs);
        }
    }

    private void send(DeviceGroupRuntime g, int device, long scheduledUs) {
        long seq = g.nextSeq[device]++;
        boolean anomaly = g.model.next(device, g.values);
        g.encoder.encode(g.payload, g.deviceIdBytes[device], seq, scheduledUs, anomaly, g.values, 0);
        WorkerStats.record(stats.sendLagUs, clock.nowUs() - scheduledUs);
        transport.publish(g.addresses[device], g.payload, new Ack(g, device, seq, scheduledUs));
    }

    /** Takes the paused time out of every schedule: nothing due meanwhile is sent in a burst on resume. */
    private void switchPause(boolean pause) {
        long now = clock.nowUs();
        for (DeviceGroupRuntime g : groups) {
            if (pause) {
                g.schedule.pauseAt(now);
            } else {
                g.schedule.resumeAt(now);
            }
        }
        paused = pause;
        log.info("lifecycle", pause ? "paused" : "resumed", Map.of("devices", deviceCount()));
    }

    private DeviceGroupRuntime earliest() {
        DeviceGroupRuntime best = null;
        long bestDue = Long.MAX_VALUE;
        for (DeviceGroupRuntime g : groups) {
            long due = g.schedule.nextDueUs();
            if (due < bestDue) {
                bestDue = due;
                best = g;
            }
        }
        return best;
    }

    private void reconfigure(WorkerSpec spec) {
        List<DeviceGroupRuntime> old = groups;
        try {
            for (DeviceGroupRuntime g : old) {
                g.close(); // release locks first: the new ranges may overlap the old ones
            }
            groups = openGroups(spec, old);
            attachDevices();
            log.info("config", "applied new device ranges", Map.of("devices", spec.deviceCount(),
                    "ranges", spec.devices().size()));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while connecting devices", e);
        } catch (IOException | TimeoutException | RuntimeException e) {
            // a spec we cannot take is fatal for this process: the manager restarts us with the current spec
            log.error("config", "cannot apply device ranges: " + e.getMessage(), Map.of());
            throw new IllegalStateException("cannot apply device ranges", e);
        }
    }

    private List<DeviceGroupRuntime> openGroups(WorkerSpec spec, List<DeviceGroupRuntime> previous)
            throws IOException, TimeoutException {
        List<DeviceGroupRuntime> opened = new ArrayList<>();
        try {
            for (DeviceRange r : spec.devices()) {
                DeviceGroupRuntime g = DeviceGroupRuntime.open(r, stateDir, LOCK_WAIT, random.split());
                for (DeviceGroupRuntime p : previous) {
                    g.inheritSeqs(p);
                }
                opened.add(g); // its schedule starts in attachDevices, once the transport has the devices
            }
        } catch (IOException | TimeoutException | RuntimeException e) {
            for (DeviceGroupRuntime g : opened) {
                g.close();
            }
            throw e;
        }
        return opened;
    }

    /** Sum of acknowledged and failed sends over this worker's devices, from the state file. */
    long[] totals() {
        long acked = 0;
        long failed = 0;
        for (DeviceGroupRuntime g : groups) {
            for (int i = 0; i < g.range.count(); i++) {
                acked += g.state.acked(i);
                failed += g.state.failed(i);
            }
        }
        return new long[] {acked, failed};
    }

    int deviceCount() {
        return groups.stream().mapToInt(g -> g.range.count()).sum();
    }

    void closeGroups() throws IOException {
        for (DeviceGroupRuntime g : groups) {
            g.close();
        }
    }

    /**
     * One per message: counts the outcome in the device's slot and records the acknowledgement latency; a failure
     * also appends its seq to the type's failed-seq log.
     */
    private final class Ack implements Transport.Completion {
        private final DeviceGroupRuntime group;
        /** Offset within the group's range (the state file's slot); the log takes the index within the type. */
        private final int device;
        private final long seq;
        private final long scheduledUs;

        Ack(DeviceGroupRuntime group, int device, long seq, long scheduledUs) {
            this.group = group;
            this.device = device;
            this.seq = seq;
            this.scheduledUs = scheduledUs;
        }

        @Override
        public void completed(Throwable error) {
            if (error == null) {
                group.state.addAcked(device);
                WorkerStats.record(stats.ackLatencyUs, clock.nowUs() - scheduledUs);
                return;
            }
            // the seq first, then the count: a worker killed in between leaves a seq the count lacks (it is sent
            // again with that seq), never a counted failure whose seq is unknown, which the loss accounting would
            // blame on the pipeline as an acknowledged message it lost
            try {
                group.failedSeqs.record(group.range.firstIndex() + device, seq);
            } catch (IOException | RuntimeException e) {
                log.error("send", "cannot record failed seq " + seq + ": " + e, Map.of("deviceId",
                        group.addresses[device].deviceId()));
            }
            group.state.addFailed(device);
            Rejection refused = transport.rejectionOf(error);
            if (refused != null) {
                // the broker refusing this group is what a security run measures: counted, logged below like
                // any send error (the first ten, then every 1000th)
                group.rejections.add(refused);
            }
            sendErrorsLogged.increment();
            // log the first few errors in full, then every 1000th: never one log record per message
            long n = sendErrorsLogged.sum();
            if (n <= 10 || n % 1000 == 0) {
                log.warn("send", "send failed: " + error, Map.of("deviceId", group.addresses[device].deviceId(),
                        "seq", seq, "errorsSoFar", n));
            }
        }
    }
}

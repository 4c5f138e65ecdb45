package kafkasim.generator.worker;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeoutException;
import java.util.random.RandomGenerator;
import kafkasim.common.envelope.EnvelopeEncoder;
import kafkasim.common.scenario.ValueField;
import kafkasim.generator.device.ValueModel;
import kafkasim.generator.plan.DeviceRange;
import kafkasim.generator.transport.DeviceAddress;

/**
 * The live state of one device range inside a worker: addresses, value model, per-device next seq and its
 * {@link SendSchedule} (one counter, not a timer per device).
 */
final class DeviceGroupRuntime implements AutoCloseable {
    final DeviceRange range;
    final EnvelopeEncoder encoder;
    final ValueModel model;
    final DeviceAddress[] addresses;
    final byte[][] deviceIdBytes;
    final long[] nextSeq;
    final DeviceStateFile state;
    /** Which seqs failed (the state file only counts them); shared by the type's workers, append-only. */
    final FailedSeqLog failedSeqs;
    /** The broker's refusals of this type's sends, per reason; shared by the type's workers. */
    final RejectionCounts rejections;
    final byte[] payload;
    final double[] values;
    final SendSchedule schedule;

    private DeviceGroupRuntime(DeviceRange range, DeviceStateFile state, FailedSeqLog failedSeqs,
                               RejectionCounts rejections, RandomGenerator random) {
        this.range = range;
        this.rejections = rejections;
        this.state = state;
        this.failedSeqs = failedSeqs;
        this.encoder = new EnvelopeEncoder(range.type(), range.fields().stream().map(ValueField::name).toList(),
                range.payloadBytes());
        this.model = new ValueModel(range.fields(), range.count(), range.anomalyRate(), random);
        this.addresses = new DeviceAddress[range.count()];
        this.deviceIdBytes = new byte[range.count()][];
        this.nextSeq = new long[range.count()];
        for (int i = 0; i < range.count(); i++) {
            addresses[i] = DeviceAddress.of(range.type(), range.deviceId(i));
            deviceIdBytes[i] = addresses[i].keyBytes();
            nextSeq[i] = state.completed(i);
        }
        this.payload = new byte[range.payloadBytes()];
        this.values = new double[model.fieldCount()];
        this.schedule = new SendSchedule(1_000_000.0 / range.ratePerSecTotal(), range.count());
    }

    static DeviceGroupRuntime open(DeviceRange range, Path stateDir, Duration lockWait, RandomGenerator random)
            throws IOException, TimeoutException {
        DeviceStateFile state = DeviceStateFile.open(stateDir, range.type(), range.firstIndex(), range.count(),
                lockWait);
        FailedSeqLog failedSeqs = null;
        RejectionCounts rejections = null;
        try {
            failedSeqs = FailedSeqLog.open(stateDir, range.type());
            rejections = RejectionCounts.open(stateDir, range.type());
            return new DeviceGroupRuntime(range, state, failedSeqs, rejections, random);
        } catch (IOException | RuntimeException e) {
            if (failedSeqs != null) {
                failedSeqs.close();
            }
            if (rejections != null) {
                rejections.close();
            }
            state.close(); // release the device lock: a successor (or our next spec) needs it
            throw e;
        }
    }

    /** Takes over the next seqs of devices that {@code previous} also hosted (their in-flight seqs included). */
    void inheritSeqs(DeviceGroupRuntime previous) {
        if (!previous.range.type().equals(range.type())) {
            return;
        }
        int from = Math.max(range.firstIndex(), previous.range.firstIndex());
        int to = Math.min(range.endIndex(), previous.range.endIndex());
        for (int index = from; index < to; index++) {
            nextSeq[index - range.firstIndex()] = previous.nextSeq[index - previous.range.firstIndex()];
        }
    }

    @Override
    public void close() throws IOException {
        try (DeviceStateFile closingState = state; RejectionCounts closingRejections = rejections) {
            failedSeqs.close();
        }
    }
}

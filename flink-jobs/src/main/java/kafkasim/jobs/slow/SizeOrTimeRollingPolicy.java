package kafkasim.jobs.slow;

import kafkasim.common.envelope.Envelope;
import org.apache.flink.streaming.api.functions.sink.filesystem.PartFileInfo;
import org.apache.flink.streaming.api.functions.sink.filesystem.rollingpolicies.CheckpointRollingPolicy;

/**
 * Rolls a part file on every checkpoint (required for bulk formats, and what makes files committed within one
 * checkpoint interval), when it reaches {@code rollSizeBytes} compressed bytes, and when it is
 * {@code rollIntervalMs} old. Files rolled between checkpoints are committed at the next checkpoint.
 */
public final class SizeOrTimeRollingPolicy extends CheckpointRollingPolicy<Envelope, String> {
    private static final long serialVersionUID = 1L;
    private final long rollSizeBytes;
    private final long rollIntervalMs;

    public SizeOrTimeRollingPolicy(long rollSizeBytes, long rollIntervalMs) {
        this.rollSizeBytes = rollSizeBytes;
        this.rollIntervalMs = rollIntervalMs;
    }

    @Override
    public boolean shouldRollOnEvent(PartFileInfo<String> partFile, Envelope element) throws java.io.IOException {
        return partFile.getSize() >= rollSizeBytes;
    }

    @Override
    public boolean shouldRollOnProcessingTime(PartFileInfo<String> partFile, long currentTime) {
        return currentTime - partFile.getCreationTime() >= rollIntervalMs;
    }
}

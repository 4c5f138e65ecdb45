package kafkasim.jobs.slow;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.apache.flink.streaming.api.functions.sink.filesystem.PartFileInfo;
import org.junit.jupiter.api.Test;

class SizeOrTimeRollingPolicyTest {
    private static PartFileInfo<String> file(long createdMs, long size) {
        return new PartFileInfo<>() {
            public String getBucketId() {
                return "";
            }

            public long getCreationTime() {
                return createdMs;
            }

            public long getSize() {
                return size;
            }

            public long getLastUpdateTime() {
                return createdMs;
            }
        };
    }

    @Test
    void rollsOnCheckpointSizeAndAge() throws Exception {
        SizeOrTimeRollingPolicy p = new SizeOrTimeRollingPolicy(1000, 10_000);
        assertTrue(p.shouldRollOnCheckpoint(file(0, 1)));
        assertFalse(p.shouldRollOnEvent(file(0, 999), null));
        assertTrue(p.shouldRollOnEvent(file(0, 1000), null));
        assertFalse(p.shouldRollOnProcessingTime(file(5_000, 1), 14_999));
        assertTrue(p.shouldRollOnProcessingTime(file(5_000, 1), 15_000));
    }
}

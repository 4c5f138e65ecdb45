package kafkasim.generator.plan;

import java.util.List;
import kafkasim.common.envelope.Envelope;
import kafkasim.common.scenario.ValueField;

/**
 * A contiguous range of devices of one type hosted by one worker: devices {@code type-firstIndex} ..
 * {@code type-(firstIndex+count-1)}.
 *
 * @param ratePerSec   messages per second per device
 * @param payloadBytes exact serialized envelope size, bytes
 * @param anomalyRate  probability of an injected anomaly per message, 0..1
 * @param fields       value fields of the type
 */
public record DeviceRange(String type, int firstIndex, int count, double ratePerSec, int payloadBytes,
                          double anomalyRate, List<ValueField> fields) {

    public String deviceId(int offset) {
        return Envelope.deviceId(type, firstIndex + offset);
    }

    /** One past the last device index. */
    public int endIndex() {
        return firstIndex + count;
    }

    public double ratePerSecTotal() {
        return count * ratePerSec;
    }
}

package kafkasim.common.scenario;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;

/**
 * A group of identical devices.
 *
 * @param type         the user's name for the device class; known names ({@link DeviceCatalog}) get realistic
 *                     value models, any other name a generic numeric sensor; also the device id prefix
 * @param count        number of devices (&ge; 1)
 * @param ratePerSec   messages per second per device (&gt; 0)
 * @param payloadBytes exact size of each serialized envelope, bytes (the {@code pad} field fills it up)
 * @param anomalyRate  probability that a message carries an injected anomaly, 0..1 (default 0.01)
 * @param fields       value fields; default: the catalogue's fields for {@code type}
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record DeviceGroup(String type, Integer count, Double ratePerSec, Integer payloadBytes, Double anomalyRate,
                          List<ValueField> fields) {

    public static final double DEFAULT_ANOMALY_RATE = 0.01;

    public DeviceGroup withDefaults() {
        return new DeviceGroup(type, count, ratePerSec, payloadBytes,
                anomalyRate == null ? DEFAULT_ANOMALY_RATE : anomalyRate,
                fields == null ? DeviceCatalog.fieldsFor(type) : fields.stream().map(ValueField::withDefaults).toList());
    }

    /** A copy with another device count (used when splitting a group over workers). */
    public DeviceGroup withCount(int newCount) {
        return new DeviceGroup(type, newCount, ratePerSec, payloadBytes, anomalyRate, fields);
    }
}

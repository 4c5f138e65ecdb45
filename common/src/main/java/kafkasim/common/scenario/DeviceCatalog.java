package kafkasim.common.scenario;

import java.util.List;
import java.util.Map;

/**
 * Realistic value fields for well-known device types. Figures are typical of indoor/industrial IoT sensors;
 * a type not listed here becomes a generic numeric sensor ({@link #GENERIC}).
 */
public final class DeviceCatalog {
    public static final List<ValueField> GENERIC = List.of(ValueField.of("value", "", 50.0, 5.0));

    private static final Map<String, List<ValueField>> KNOWN = Map.ofEntries(
            Map.entry("temperature", List.of(ValueField.of("celsius", "°C", 21.0, 0.8, -40, 125))),
            Map.entry("humidity", List.of(ValueField.of("percentRH", "%RH", 45.0, 5.0, 0, 100))),
            Map.entry("pressure", List.of(ValueField.of("hPa", "hPa", 1013.0, 4.0, 300, 1100))),
            Map.entry("co2", List.of(ValueField.of("ppm", "ppm", 600.0, 80.0, 350, 10000))),
            Map.entry("light", List.of(ValueField.of("lux", "lx", 300.0, 80.0, 0, 100000))),
            Map.entry("vibration", List.of(
                    ValueField.of("rmsG", "g", 0.30, 0.05, 0, 50),
                    ValueField.of("peakG", "g", 1.20, 0.20, 0, 200),
                    ValueField.of("dominantHz", "Hz", 50.0, 2.0, 0, 20000))),
            Map.entry("power", List.of(
                    ValueField.of("watts", "W", 350.0, 40.0, 0, 100000),
                    ValueField.of("volts", "V", 230.0, 2.0, 0, 500))),
            Map.entry("flow", List.of(ValueField.of("litersPerMin", "L/min", 12.0, 1.5, 0, 10000))),
            Map.entry("gps", List.of(
                    ValueField.of("lat", "°", 48.137, 0.01, -90, 90),
                    ValueField.of("lon", "°", 11.575, 0.01, -180, 180),
                    ValueField.of("speedKmh", "km/h", 35.0, 10.0, 0, 300))),
            Map.entry("camera", List.of(
                    ValueField.of("motionScore", "", 0.10, 0.05, 0, 1),
                    ValueField.of("brightness", "", 120.0, 20.0, 0, 255))));

    private DeviceCatalog() {
    }

    /** The value fields for a device type: the catalogue's, or {@link #GENERIC}. */
    public static List<ValueField> fieldsFor(String type) {
        return KNOWN.getOrDefault(type, GENERIC);
    }

    public static boolean isKnown(String type) {
        return KNOWN.containsKey(type);
    }
}

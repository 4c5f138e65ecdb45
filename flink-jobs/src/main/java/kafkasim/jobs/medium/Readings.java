package kafkasim.jobs.medium;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.util.Map;
import java.util.function.DoubleUnaryOperator;
import kafkasim.common.json.Json;

/**
 * The {@code readings} column: the envelope's values as they came, followed by unit-converted companions for the
 * fields of known units (the field names of {@code DeviceCatalog}), rounded to the envelope's 3 decimals:
 * <table>
 *   <caption>companion fields</caption>
 *   <tr><th>field (unit)</th><th>companion (unit)</th><th>formula</th></tr>
 *   <tr><td>celsius (°C)</td><td>fahrenheit (°F)</td><td>c × 9/5 + 32</td></tr>
 *   <tr><td>hPa (hPa)</td><td>inHg (inch of mercury)</td><td>hPa × 0.0295299830714</td></tr>
 *   <tr><td>litersPerMin (L/min)</td><td>gallonsPerMin (US gal/min)</td><td>L/min ÷ 3.785411784</td></tr>
 *   <tr><td>speedKmh (km/h)</td><td>speedMph (mph)</td><td>km/h ÷ 1.609344</td></tr>
 *   <tr><td>rmsG (g)</td><td>rmsMs2 (m/s²)</td><td>g × 9.80665</td></tr>
 *   <tr><td>peakG (g)</td><td>peakMs2 (m/s²)</td><td>g × 9.80665</td></tr>
 *   <tr><td>watts (W)</td><td>kilowatts (kW)</td><td>W ÷ 1000</td></tr>
 * </table>
 * A companion is not added when the message already has a field of that name.
 */
public final class Readings {
    private static final JsonFactory FACTORY = Json.mapper().getFactory();
    static final double STANDARD_GRAVITY = 9.80665;
    private static final Map<String, Companion> COMPANIONS = Map.of(
            "celsius", new Companion("fahrenheit", c -> c * 9.0 / 5.0 + 32.0),
            "hPa", new Companion("inHg", h -> h * 0.0295299830714),
            "litersPerMin", new Companion("gallonsPerMin", l -> l / 3.785411784),
            "speedKmh", new Companion("speedMph", k -> k / 1.609344),
            "rmsG", new Companion("rmsMs2", g -> g * STANDARD_GRAVITY),
            "peakG", new Companion("peakMs2", g -> g * STANDARD_GRAVITY),
            "watts", new Companion("kilowatts", w -> w / 1000.0));

    private record Companion(String name, DoubleUnaryOperator convert) {
    }

    private Readings() {
    }

    /** The readings JSON object for {@code values}. */
    public static String toJson(Map<String, Double> values) {
        StringWriter out = new StringWriter(64);
        try (JsonGenerator gen = FACTORY.createGenerator(out)) {
            gen.writeStartObject();
            for (Map.Entry<String, Double> v : values.entrySet()) {
                gen.writeNumberField(v.getKey(), v.getValue());
            }
            for (Map.Entry<String, Double> v : values.entrySet()) {
                Companion c = COMPANIONS.get(v.getKey());
                if (c != null && !values.containsKey(c.name())) {
                    gen.writeNumberField(c.name(), round3(c.convert().applyAsDouble(v.getValue())));
                }
            }
            gen.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException(e); // in-memory writer
        }
        return out.toString();
    }

    static double round3(double v) {
        return Math.round(v * 1000.0) / 1000.0;
    }
}

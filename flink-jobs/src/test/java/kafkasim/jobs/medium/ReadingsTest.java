package kafkasim.jobs.medium;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.LinkedHashMap;
import java.util.Map;
import kafkasim.common.json.Json;
import org.junit.jupiter.api.Test;

class ReadingsTest {
    @Test
    void knownUnitsGetConvertedCompanions() throws Exception {
        assertEquals("{\"celsius\":21.4,\"fahrenheit\":70.52}", Readings.toJson(Map.of("celsius", 21.4)));
        assertEquals("{\"celsius\":-40.0,\"fahrenheit\":-40.0}", Readings.toJson(Map.of("celsius", -40.0)));
        Map<String, Double> vibration = new LinkedHashMap<>();
        vibration.put("rmsG", 0.3);
        vibration.put("peakG", 1.2);
        vibration.put("dominantHz", 50.0);
        JsonNode v = Json.mapper().readTree(Readings.toJson(vibration));
        assertEquals(2.942, v.get("rmsMs2").asDouble());
        assertEquals(11.768, v.get("peakMs2").asDouble());
        assertEquals(50.0, v.get("dominantHz").asDouble());
        assertEquals(5, v.size());
        assertEquals(29.914, Json.mapper().readTree(Readings.toJson(Map.of("hPa", 1013.0))).get("inHg").asDouble());
        assertEquals(3.17, Json.mapper().readTree(Readings.toJson(Map.of("litersPerMin", 12.0)))
                .get("gallonsPerMin").asDouble());
        assertEquals(21.748, Json.mapper().readTree(Readings.toJson(Map.of("speedKmh", 35.0)))
                .get("speedMph").asDouble());
        assertEquals(0.35, Json.mapper().readTree(Readings.toJson(Map.of("watts", 350.0))).get("kilowatts")
                .asDouble());
    }

    @Test
    void unknownFieldsPassUnchanged() {
        assertEquals("{\"value\":50.5}", Readings.toJson(Map.of("value", 50.5)));
    }

    @Test
    void anExistingFieldIsNotOverwritten() {
        Map<String, Double> values = new LinkedHashMap<>();
        values.put("celsius", 10.0);
        values.put("fahrenheit", 1.0);
        assertEquals("{\"celsius\":10.0,\"fahrenheit\":1.0}", Readings.toJson(values));
    }
}

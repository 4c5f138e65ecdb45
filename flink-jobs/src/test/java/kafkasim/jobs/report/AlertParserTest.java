package kafkasim.jobs.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class AlertParserTest {
    static final String LINE = "{\"runId\":\"r1\",\"deviceId\":\"temperature-000042\",\"type\":\"temperature\","
            + "\"seq\":1234,\"sentAtUs\":1764000000123456,\"detectedAtUs\":1764000000125000,\"field\":\"celsius\","
            + "\"value\":85.5,\"zScore\":6.2,\"anomaly\":true}";

    @Test
    void readsAnAlert() {
        ParseResult.Valid<?> ok = assertInstanceOf(ParseResult.Valid.class, AlertParser.parse(LINE, "r1"));
        assertEquals(new Alert("r1", "temperature-000042", "temperature", 1234, 1764000000123456L,
                1764000000125000L, "celsius", 85.5, 6.2, true), ok.value());
    }

    @Test
    void fieldValueAndZScoreAreOptional() {
        String line = "{\"runId\":\"r1\",\"deviceId\":\"d\",\"type\":\"t\",\"seq\":0,\"sentAtUs\":1,"
                + "\"detectedAtUs\":2,\"zScore\":null,\"anomaly\":false}";
        ParseResult.Valid<?> ok = assertInstanceOf(ParseResult.Valid.class, AlertParser.parse(line, "r1"));
        assertEquals(new Alert("r1", "d", "t", 0, 1, 2, null, null, null, false), ok.value());
    }

    @Test
    void nonFiniteNumbersAsJacksonWritesThemAreNoValue() {
        String line = LINE.replace("\"value\":85.5", "\"value\":\"Infinity\"").replace("6.2", "\"NaN\"");
        ParseResult.Valid<?> ok = assertInstanceOf(ParseResult.Valid.class, AlertParser.parse(line, "r1"));
        Alert alert = (Alert) ok.value();
        assertEquals(null, alert.value());
        assertEquals(null, alert.zScore());
        assertEquals(1234, alert.seq());
    }

    @Test
    void otherRunsAreIgnoredAndBrokenAlertsMalformed() {
        assertInstanceOf(ParseResult.Ignored.class, AlertParser.parse(LINE, "r2"));
        malformed(LINE.replace("\"seq\":1234", "\"seq\":\"1234\""), "seq must be a non-negative integer");
        malformed(LINE.replace("\"anomaly\":true", "\"anomaly\":1"), "anomaly must be true or false");
        malformed(LINE.replace("\"type\":\"temperature\",", ""), "type must be a string");
        malformed(LINE.replace("\"value\":85.5", "\"value\":\"hot\""), "value must be a number");
        malformed("nope", "not JSON");
    }

    private static void malformed(String line, String expected) {
        ParseResult.Malformed<?> bad = assertInstanceOf(ParseResult.Malformed.class, AlertParser.parse(line, "r1"));
        assertTrue(bad.problem().startsWith(expected), bad::problem);
    }
}

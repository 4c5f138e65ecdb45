package kafkasim.jobs.fast;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;

class AlertSerializerTest {
    @Test
    void alertJsonHasTheContractFieldsInOrderAndTheDeviceAsKey() {
        Alert alert = new Alert("run-1", "temperature-000042", "temperature", 17, 1_764_000_000_123_456L,
                1_764_000_000_125_000L, "celsius", 26.5, 6.25, true);
        ProducerRecord<byte[], byte[]> record = new AlertSerializer("iot.alerts").serialize(alert, null, null);
        assertEquals("iot.alerts", record.topic());
        assertEquals("temperature-000042", new String(record.key(), StandardCharsets.UTF_8));
        assertEquals("{\"runId\":\"run-1\",\"deviceId\":\"temperature-000042\",\"type\":\"temperature\",\"seq\":17,"
                + "\"sentAtUs\":1764000000123456,\"detectedAtUs\":1764000000125000,\"field\":\"celsius\","
                + "\"value\":26.5,\"zScore\":6.25,\"anomaly\":true}",
                new String(record.value(), StandardCharsets.UTF_8));
    }
}

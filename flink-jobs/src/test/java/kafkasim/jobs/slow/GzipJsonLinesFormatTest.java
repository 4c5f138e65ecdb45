package kafkasim.jobs.slow;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.io.BufferedReader;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.zip.GZIPInputStream;
import kafkasim.common.envelope.Envelope;
import kafkasim.jobs.common.EnvelopeJson;
import kafkasim.jobs.common.TestEnvelopes;
import org.junit.jupiter.api.Test;

class GzipJsonLinesFormatTest {
    @Test
    void writesOneEnvelopePerLineWithoutPadAndLeavesTheStreamOpen() throws IOException {
        boolean[] closed = {false};
        ByteArrayOutputStream file = new ByteArrayOutputStream() {
            @Override
            public void close() {
                closed[0] = true;
            }
        };
        GzipJsonLinesFormat.Writer writer = new GzipJsonLinesFormat.Writer(file);
        for (int seq = 0; seq < 1000; seq++) {
            writer.addElement(TestEnvelopes.temperature(seq % 7, seq, 1_764_000_000_000_000L + seq, seq % 100 == 0,
                    20.0 + seq / 1000.0));
        }
        writer.flush();
        writer.finish();
        assertFalse(closed[0], "FileSink owns the part file stream");

        List<String> lines = gunzip(file.toByteArray());
        assertEquals(1000, lines.size());
        assertEquals("{\"schema\":1,\"deviceId\":\"temperature-000000\",\"type\":\"temperature\",\"seq\":0,"
                + "\"sentAtUs\":1764000000000000,\"anomaly\":true,\"values\":{\"celsius\":20.0}}", lines.get(0));
        for (int seq = 0; seq < 1000; seq++) {
            Envelope e = EnvelopeJson.decode(lines.get(seq).getBytes(StandardCharsets.UTF_8));
            assertEquals(seq, e.seq());
        }
    }

    @Test
    void anEmptyFileIsAValidGzipWithNoLines() throws IOException {
        ByteArrayOutputStream file = new ByteArrayOutputStream();
        GzipJsonLinesFormat.Writer writer = new GzipJsonLinesFormat.Writer(file);
        writer.finish();
        assertEquals(List.of(), gunzip(file.toByteArray()));
    }

    static List<String> gunzip(byte[] bytes) throws IOException {
        try (BufferedReader r = new BufferedReader(new InputStreamReader(
                new GZIPInputStream(new ByteArrayInputStream(bytes)), StandardCharsets.UTF_8))) {
            return r.lines().toList();
        }
    }
}

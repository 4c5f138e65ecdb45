package kafkasim.jobs.slow;

import com.fasterxml.jackson.core.JsonGenerator;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.util.zip.GZIPOutputStream;
import kafkasim.common.envelope.Envelope;
import kafkasim.common.json.Json;
import kafkasim.jobs.common.EnvelopeJson;
import org.apache.flink.api.common.serialization.BulkWriter;
import org.apache.flink.core.fs.FSDataOutputStream;

/**
 * Part files as gzip-compressed JSON lines: one envelope per line, without {@code pad} (see
 * {@link EnvelopeJson#write}). One gzip member per part file; {@code finish()} completes it but leaves the stream
 * open, as FileSink requires.
 */
public final class GzipJsonLinesFormat implements BulkWriter.Factory<Envelope> {
    private static final long serialVersionUID = 1L;
    static final int BUFFER_BYTES = 64 * 1024;

    @Override
    public BulkWriter<Envelope> create(FSDataOutputStream out) throws IOException {
        return new Writer(out);
    }

    /** Writes to any stream; {@link #finish()} never closes it. */
    static final class Writer implements BulkWriter<Envelope> {
        private final GZIPOutputStream gzip;
        private final JsonGenerator gen;

        Writer(OutputStream out) throws IOException {
            gzip = new GZIPOutputStream(new FilterOutputStream(out) {
                @Override
                public void write(byte[] b, int off, int len) throws IOException {
                    out.write(b, off, len); // FilterOutputStream writes byte by byte otherwise
                }

                @Override
                public void close() throws IOException {
                    flush(); // the part file stream belongs to FileSink
                }
            }, BUFFER_BYTES);
            gen = Json.mapper().getFactory().createGenerator(gzip);
            gen.disable(JsonGenerator.Feature.AUTO_CLOSE_TARGET);
            gen.setRootValueSeparator(null);
        }

        @Override
        public void addElement(Envelope element) throws IOException {
            EnvelopeJson.write(gen, element);
            gen.writeRaw('\n');
        }

        @Override
        public void flush() throws IOException {
            gen.flush();
        }

        @Override
        public void finish() throws IOException {
            gen.close(); // flushes into gzip; AUTO_CLOSE_TARGET is off
            gzip.finish();
            gzip.flush();
        }
    }
}

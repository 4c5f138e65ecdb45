package kafkasim.generator.manager;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class StderrTailTest {
    @TempDir
    Path dir;

    @Test
    void onlyWhatThisWorkerWroteWithoutStackFrames() throws Exception {
        Path file = Files.writeString(dir.resolve("worker-0.stderr"), "an earlier worker's line\n");
        long offset = StderrTail.offset(file);
        Files.writeString(file, """
                Exception in thread "main" org.apache.kafka.common.KafkaException: Failed to construct kafka producer
                \tat org.apache.kafka.clients.producer.KafkaProducer.<init>(KafkaProducer.java:1)
                Caused by: java.lang.IllegalArgumentException: Could not find a 'KafkaClient' entry
                \tat org.apache.kafka.common.security.JaasContext.defaultContext(JaasContext.java:2)
                \t... 12 more

                """, StandardOpenOption.APPEND);
        assertEquals("Exception in thread \"main\" org.apache.kafka.common.KafkaException: Failed to construct kafka "
                + "producer | Caused by: java.lang.IllegalArgumentException: Could not find a 'KafkaClient' entry",
                StderrTail.since(file, offset));
    }

    @Test
    void aJvmThatCouldNotStart() throws Exception {
        Path file = Files.writeString(dir.resolve("worker-1.stderr"), """
                Invalid maximum heap size: -Xmx1q
                Error: Could not create the Java Virtual Machine.
                Error: A fatal exception has occurred. Program will exit.
                """);
        assertEquals("Invalid maximum heap size: -Xmx1q | Error: Could not create the Java Virtual Machine. | Error: A"
                + " fatal exception has occurred. Program will exit.", StderrTail.since(file, 0));
    }

    @Test
    void nothingWrittenOrNoFile() throws Exception {
        Path file = Files.writeString(dir.resolve("worker-2.stderr"), "old\n");
        assertNull(StderrTail.since(file, StderrTail.offset(file)));
        assertNull(StderrTail.since(dir.resolve("none.stderr"), 0));
        assertEquals(0, StderrTail.offset(dir.resolve("none.stderr")));
    }
}

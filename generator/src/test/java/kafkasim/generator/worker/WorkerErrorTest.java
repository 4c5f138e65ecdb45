package kafkasim.generator.worker;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.apache.kafka.common.KafkaException;
import org.junit.jupiter.api.Test;

class WorkerErrorTest {
    @Test
    void theCausesThatSayWhatIsWrongAreKeptEachOnce() {
        Exception e = new KafkaException("Failed to construct kafka producer", new KafkaException(
                "Class no.Such cannot be found", new ClassNotFoundException("no.Such")));
        assertEquals("Failed to construct kafka producer: Class no.Such cannot be found", WorkerMain.describe(e));
        assertEquals("NullPointerException", WorkerMain.describe(new NullPointerException()));
    }
}

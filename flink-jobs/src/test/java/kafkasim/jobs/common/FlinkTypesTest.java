package kafkasim.jobs.common;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import java.util.List;
import kafkasim.common.envelope.Envelope;
import kafkasim.jobs.fast.Alert;
import kafkasim.jobs.fast.DeviceBaseline;
import kafkasim.jobs.medium.TelemetryRow;
import org.apache.flink.api.common.serialization.SerializerConfigImpl;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.java.typeutils.PojoTypeInfo;
import org.junit.jupiter.api.Test;

/** Every type that crosses operators or lives in state is a Flink POJO (records count), never Kryo. */
class FlinkTypesTest {
    @Test
    void streamAndStateTypesArePojosWithoutGenericFields() {
        SerializerConfigImpl noKryo = new SerializerConfigImpl();
        noKryo.setGenericTypes(false);
        for (Class<?> type : List.of(Envelope.class, TrackedEnvelope.class, Alert.class, TelemetryRow.class,
                DeviceBaseline.class)) {
            TypeInformation<?> info = TypeInformation.of(type);
            assertInstanceOf(PojoTypeInfo.class, info, type + " → " + info);
            assertDoesNotThrow(() -> info.createSerializer(noKryo), type + " needs Kryo: " + info);
        }
    }
}

package kafkasim.jobs.report;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import kafkasim.common.metrics.PathMetricRecord;
import org.apache.flink.api.common.serialization.SerializerConfigImpl;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.java.typeutils.PojoTypeInfo;
import org.junit.jupiter.api.Test;

/** Every type that crosses operators or lives in state has a Flink serializer of its own, never Kryo. */
class ReportTypesTest {
    @Test
    void recordsArePojos() {
        SerializerConfigImpl noKryo = new SerializerConfigImpl();
        noKryo.setGenericTypes(false);
        for (Class<?> type : new Class<?>[] {PathMetricRecord.class, MetricSecond.class, WindowTotals.class,
                ReportWindow.class, Alert.class}) {
            TypeInformation<?> info = TypeInformation.of(type);
            assertInstanceOf(PojoTypeInfo.class, info, type::getName);
            assertDoesNotThrow(() -> info.createSerializer(noKryo), type + " needs Kryo: " + info);
        }
    }
}

package kafkasim.jobs.report;

import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.java.typeutils.PojoTypeInfo;
import org.junit.jupiter.api.Test;

/** Every type that crosses operators or lives in state has a Flink serializer of its own, never Kryo. */
class ReportTypesTest {
    @Test
    void recordsArePojos() {
        for (Class<?> type : new Class<?>[] {MetricRecord.class, WindowTotals.class, ReportWindow.class,
                Alert.class}) {
            assertInstanceOf(PojoTypeInfo.class, TypeInformation.of(type), type::getName);
        }
    }
}

package kafkasim.jobs.common;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.Driver;
import java.sql.DriverManager;
import java.util.Collections;
import org.junit.jupiter.api.Test;

class JdbcDriversTest {
    @Test
    void onlyTheDriversOfTheGivenClassLoaderAreDeregistered() throws Exception {
        Driver extra = new org.postgresql.Driver();
        DriverManager.registerDriver(extra);
        ClassLoader loader = extra.getClass().getClassLoader();
        try {
            long before = registered(loader);
            assertTrue(before >= 1);
            assertEquals(0, JdbcDrivers.deregister(new ClassLoader() { }), "another loader's drivers stay");
            assertEquals(before, registered(loader));
            assertEquals(before, JdbcDrivers.deregister(loader));
            assertEquals(0, registered(loader));
        } finally {
            DriverManager.registerDriver(extra); // the other tests of this JVM use the driver
        }
    }

    @Test
    void jobsThatShareFlinksClassLoaderKeepTheirDrivers() {
        ClassLoader flink = JdbcDriversTest.class.getClassLoader();
        assertFalse(JdbcDrivers.hasOwnLoader(flink, flink), "a MiniCluster: the driver belongs to the whole JVM");
        assertTrue(JdbcDrivers.hasOwnLoader(new ClassLoader(flink) { }, flink), "a submitted jar's own loader");
    }

    private static long registered(ClassLoader loader) {
        return Collections.list(DriverManager.getDrivers()).stream()
                .filter(d -> d.getClass().getClassLoader() == loader).count();
    }
}

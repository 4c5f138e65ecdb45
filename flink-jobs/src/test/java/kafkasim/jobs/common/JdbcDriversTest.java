package kafkasim.jobs.common;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.Driver;
import java.sql.DriverManager;
import java.util.Collections;
import org.junit.jupiter.api.Test;

class JdbcDriversTest {
    @Test
    void onlyTheDriversOfTheGivenClassLoaderAreDeregistered() throws Exception {
        Driver postgres = new org.postgresql.Driver(); // loading the class registered one instance
        ClassLoader loader = postgres.getClass().getClassLoader();
        assertTrue(registered(loader) >= 1);
        assertEquals(0, JdbcDrivers.deregister(new ClassLoader() { }), "another loader's drivers stay");
        assertTrue(registered(loader) >= 1);
        int n = JdbcDrivers.deregister(loader);
        assertTrue(n >= 1);
        assertEquals(0, registered(loader));
        DriverManager.registerDriver(postgres); // leave the JVM as the other tests expect it
    }

    private static long registered(ClassLoader loader) {
        return Collections.list(DriverManager.getDrivers()).stream()
                .filter(d -> d.getClass().getClassLoader() == loader).count();
    }
}

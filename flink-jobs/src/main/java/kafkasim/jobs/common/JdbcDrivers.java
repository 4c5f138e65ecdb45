package kafkasim.jobs.common;

import java.sql.Driver;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.Collections;
import org.apache.flink.api.common.functions.RuntimeContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Releases the JDBC drivers a job's user-code class loader registered. Loading {@code org.postgresql.Driver}
 * registers an instance with {@link DriverManager}, which lives in the JVM's own class loader and so keeps the
 * job's class loader, and every class it loaded, alive after the job ended: a session cluster that runs job after
 * job (the bench's capacity probes, repeated runs against one cluster) died of {@code OutOfMemoryError: Metaspace}
 * after about twenty jobs (found with a heap dump of the TaskManager). Flink calls the release hook when the job's
 * class loader is released.
 */
public final class JdbcDrivers {
    static final String HOOK_NAME = "kafkasim-deregister-jdbc-drivers";
    private static final Logger LOG = LoggerFactory.getLogger(JdbcDrivers.class);

    private JdbcDrivers() {
    }

    /**
     * Registers the release hook for the calling job's class loader (once per class loader). The drivers to release
     * are those defined by the loader of this very class, which comes from the same jobs jar (the loader the context
     * hands out is only a wrapper around it). Nothing is registered when the jobs' classes share Flink's own class
     * loader (a MiniCluster in tests, a jar in Flink's lib/): the driver then belongs to the whole JVM.
     */
    public static void deregisterOnRelease(RuntimeContext context) {
        ClassLoader jobLoader = JdbcDrivers.class.getClassLoader();
        if (!hasOwnLoader(jobLoader, RuntimeContext.class.getClassLoader())) {
            return;
        }
        context.registerUserCodeClassLoaderReleaseHookIfAbsent(HOOK_NAME,
                () -> LOG.info("released the job's class loader: deregistered {} JDBC driver(s)", deregister(jobLoader)));
    }

    /** Whether the job's classes come from a loader of their own, not from Flink's. */
    static boolean hasOwnLoader(ClassLoader jobLoader, ClassLoader flinkLoader) {
        return jobLoader != flinkLoader;
    }

    /** Deregisters every driver that {@code loader} defined; returns how many. */
    static int deregister(ClassLoader loader) {
        int n = 0;
        for (Driver d : Collections.list(DriverManager.getDrivers())) {
            if (d.getClass().getClassLoader() == loader) {
                try {
                    DriverManager.deregisterDriver(d);
                    n++;
                } catch (SQLException | SecurityException e) {
                    // nothing else to release it with; the class loader stays, as it would have anyway
                }
            }
        }
        return n;
    }
}

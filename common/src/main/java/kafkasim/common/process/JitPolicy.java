package kafkasim.common.process;

import java.util.List;

/**
 * How the JVMs kafkasim starts compile their code, by the size of the host. On a small host the JIT compiler is
 * the biggest CPU user of a run's first minutes: in a medium run on 2 cores, the C2 compiler threads of the Kafka
 * broker and of the Flink TaskManager took 30-35 % of a core each, 60-85 s after they started, and the saturated
 * host pushed the fast path's p99 from tens of milliseconds to seconds. With C1 only (no profiling tier, no C2)
 * compilation is done within seconds and the code is somewhat slower, far the better trade for runs of minutes on
 * few cores. Larger hosts keep the JVM's default tiered compilation.
 */
public final class JitPolicy {
    /** Hosts with at most this many cores get C1 only. */
    public static final int SMALL_HOST_MAX_CORES = 4;
    public static final String C1_ONLY = "-XX:TieredStopAtLevel=1";

    private JitPolicy() {
    }

    /** The JIT flags for a host with {@code cores} cores (none on a large host). */
    public static List<String> forHost(int cores) {
        return cores <= SMALL_HOST_MAX_CORES ? List.of(C1_ONLY) : List.of();
    }

    /** The JIT flags for this host. */
    public static List<String> forThisHost() {
        return forHost(Runtime.getRuntime().availableProcessors());
    }
}

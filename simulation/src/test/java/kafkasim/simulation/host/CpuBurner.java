package kafkasim.simulation.host;

import kafkasim.common.process.ParentWatch;

/** Child JVM for {@link HostMonitorTest}: burns one core until killed (or its parent is gone, or 60 s passed). */
public final class CpuBurner {
    private CpuBurner() {
    }

    public static void main(String[] args) {
        ParentWatch.start(1);
        long end = System.nanoTime() + 60_000_000_000L;
        long x = 0;
        while (System.nanoTime() < end) {
            x += Long.numberOfTrailingZeros(x + System.nanoTime());
        }
        System.exit(x == 42 ? 1 : 0);
    }
}

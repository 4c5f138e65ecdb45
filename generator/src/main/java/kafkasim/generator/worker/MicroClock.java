package kafkasim.generator.worker;

/** Epoch microseconds that never go backwards (wall clock at start + monotonic nanoTime since). */
public interface MicroClock {
    long nowUs();

    static MicroClock system() {
        long baseUs = System.currentTimeMillis() * 1000;
        long baseNanos = System.nanoTime();
        return () -> baseUs + (System.nanoTime() - baseNanos) / 1000;
    }
}

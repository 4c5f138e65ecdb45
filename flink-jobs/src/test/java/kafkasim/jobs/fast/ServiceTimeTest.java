package kafkasim.jobs.fast;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class ServiceTimeTest {
    @Test
    void parksOnlyWhenTheDebtReachesAMillisecondAndKeepsTheAverageExact() {
        AtomicLong clock = new AtomicLong();
        List<Long> parks = new ArrayList<>();
        // the parker oversleeps by 50 µs every time
        ServiceTime st = new ServiceTime(200_000, clock::get, n -> {
            parks.add(n);
            clock.addAndGet(n + 50_000);
        });
        for (int i = 0; i < 1000; i++) {
            st.serve();
        }
        long served = 1000 * 200_000L;
        assertTrue(parks.size() < 1000 / 5 + 1, "parks " + parks.size());
        assertTrue(parks.stream().allMatch(n -> n >= ServiceTime.PARK_THRESHOLD_NANOS - 200_000), parks.toString());
        assertTrue(Math.abs(clock.get() + st.debtNanos() - served) == 0,
                "time parked + remaining debt = service time owed: " + clock.get() + " + " + st.debtNanos());
        assertTrue(Math.abs(st.debtNanos()) < ServiceTime.PARK_THRESHOLD_NANOS);
    }

    @Test
    void zeroServiceTimeNeverParks() {
        List<Long> parks = new ArrayList<>();
        ServiceTime st = new ServiceTime(0, System::nanoTime, parks::add);
        for (int i = 0; i < 100; i++) {
            st.serve();
        }
        assertEquals(List.of(), parks);
    }

    @Test
    void realParkingTakesAboutTheServiceTime() {
        ServiceTime st = new ServiceTime(100_000); // 100 µs
        long start = System.nanoTime();
        for (int i = 0; i < 200; i++) {
            st.serve();
        }
        long elapsedMs = (System.nanoTime() - start) / 1_000_000;
        assertTrue(elapsedMs >= 18 && elapsedMs < 200, "200 × 100 µs took " + elapsedMs + " ms");
    }
}

package kafkasim.common.metrics;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

class SeqRangesTest {
    @Test
    void addsMergesAndSplits() {
        SeqRanges r = new SeqRanges();
        r.add(10, 12);
        r.add(20, 20);
        r.add(13, 14); // adjacent: merged
        assertEquals("10-14 20", r.toString());
        r.add(0, 30); // swallows all
        assertEquals("0-30", r.toString());
        assertTrue(r.remove(15));
        assertFalse(r.remove(15));
        assertEquals("0-14 16-30", r.toString());
        assertTrue(r.remove(0));
        assertTrue(r.remove(30));
        assertEquals(28, r.count());
        assertArrayEquals(new long[] {1, 14, 16, 29}, r.toArray());
        assertEquals("1-14 16-29", SeqRanges.of(r.toArray()).toString());
        assertEquals(14, r.keepNewest(1), "the oldest range dropped");
        assertEquals("16-29", r.toString());
    }

    @Test
    void agreesWithASetOfSeqsUnderRandomAddsAndRemoves() {
        Random random = new Random(42);
        SeqRanges r = new SeqRanges();
        TreeSet<Long> expected = new TreeSet<>();
        for (int step = 0; step < 20_000; step++) {
            long a = random.nextInt(500);
            if (random.nextInt(3) == 0) {
                long b = a + random.nextInt(6);
                r.add(a, b);
                for (long s = a; s <= b; s++) {
                    expected.add(s);
                }
            } else {
                assertEquals(expected.remove(a), r.remove(a), "remove " + a + " from " + r);
            }
            assertEquals(expected.size(), r.count());
            long probe = random.nextInt(510);
            assertEquals(expected.contains(probe), r.contains(probe));
        }
        long[] pairs = r.toArray();
        for (int i = 2; i < pairs.length; i += 2) {
            assertTrue(pairs[i] > pairs[i - 1] + 1, "disjoint, not adjacent, sorted: " + r);
        }
    }
}

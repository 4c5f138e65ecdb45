package kafkasim.common.metrics;

import java.util.Arrays;

/**
 * A set of seqs of one device as sorted, disjoint, non-adjacent ranges: a path's missing seqs (gaps; a late arrival
 * takes one out). Small by design (a gap per outage), kept as one {@code long[]} of (from, to) pairs so that a Flink
 * job can hold it in keyed state as it is. Not thread-safe.
 */
public final class SeqRanges {
    private long[] pairs;
    private int ranges;

    public SeqRanges() {
        this(new long[8], 0);
    }

    private SeqRanges(long[] pairs, int ranges) {
        this.pairs = pairs;
        this.ranges = ranges;
    }

    /** From {@link #toArray()}. */
    public static SeqRanges of(long[] pairs) {
        if (pairs.length % 2 != 0) {
            throw new IllegalArgumentException("pairs must have an even length, got " + pairs.length);
        }
        SeqRanges r = new SeqRanges(Arrays.copyOf(pairs, Math.max(8, pairs.length)), 0);
        for (int i = 0; i < pairs.length; i += 2) {
            r.add(pairs[i], pairs[i + 1]);
        }
        return r;
    }

    /** The ranges as (from, to) pairs, ascending. */
    public long[] toArray() {
        return Arrays.copyOf(pairs, 2 * ranges);
    }

    /** Number of ranges. */
    public int ranges() {
        return ranges;
    }

    /** Number of seqs. */
    public long count() {
        long n = 0;
        for (int i = 0; i < ranges; i++) {
            n += pairs[2 * i + 1] - pairs[2 * i] + 1;
        }
        return n;
    }

    public boolean isEmpty() {
        return ranges == 0;
    }

    /** Adds seqs {@code from..to} (inclusive), merging with the ranges they touch or overlap. */
    public void add(long from, long to) {
        if (from < 0 || to < from) {
            throw new IllegalArgumentException("bad seq range " + from + ".." + to);
        }
        int i = firstEndingAtOrAfter(from - 1); // first range that ends at or after from - 1 (touches or follows)
        int j = i;
        long lo = from;
        long hi = to;
        while (j < ranges && pairs[2 * j] <= to + 1) { // overlapping or adjacent: merge
            lo = Math.min(lo, pairs[2 * j]);
            hi = Math.max(hi, pairs[2 * j + 1]);
            j++;
        }
        int removed = j - i;
        if (removed == 0) {
            ensureCapacity(ranges + 1);
            System.arraycopy(pairs, 2 * i, pairs, 2 * i + 2, 2 * (ranges - i));
            ranges++;
        } else if (removed > 1) {
            System.arraycopy(pairs, 2 * j, pairs, 2 * i + 2, 2 * (ranges - j));
            ranges -= removed - 1;
        }
        pairs[2 * i] = lo;
        pairs[2 * i + 1] = hi;
    }

    /** Takes {@code seq} out; true if it was in. */
    public boolean remove(long seq) {
        int i = firstEndingAtOrAfter(seq);
        if (i == ranges || pairs[2 * i] > seq) {
            return false;
        }
        long lo = pairs[2 * i];
        long hi = pairs[2 * i + 1];
        if (lo == hi) {
            System.arraycopy(pairs, 2 * i + 2, pairs, 2 * i, 2 * (ranges - i - 1));
            ranges--;
        } else if (seq == lo) {
            pairs[2 * i] = seq + 1;
        } else if (seq == hi) {
            pairs[2 * i + 1] = seq - 1;
        } else { // split
            ensureCapacity(ranges + 1);
            System.arraycopy(pairs, 2 * i + 2, pairs, 2 * i + 4, 2 * (ranges - i - 1));
            pairs[2 * i + 1] = seq - 1;
            pairs[2 * i + 2] = seq + 1;
            pairs[2 * i + 3] = hi;
            ranges++;
        }
        return true;
    }

    public boolean contains(long seq) {
        int i = firstEndingAtOrAfter(seq);
        return i < ranges && pairs[2 * i] <= seq;
    }

    /** Drops the oldest ranges until at most {@code maxRanges} remain; returns how many seqs were dropped. */
    public long keepNewest(int maxRanges) {
        if (ranges <= maxRanges) {
            return 0;
        }
        int drop = ranges - maxRanges;
        long dropped = 0;
        for (int i = 0; i < drop; i++) {
            dropped += pairs[2 * i + 1] - pairs[2 * i] + 1;
        }
        System.arraycopy(pairs, 2 * drop, pairs, 0, 2 * maxRanges);
        ranges = maxRanges;
        return dropped;
    }

    /** Index of the first range whose end is >= seq (binary search; {@code ranges} if none). */
    private int firstEndingAtOrAfter(long seq) {
        int lo = 0;
        int hi = ranges;
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (pairs[2 * mid + 1] < seq) {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        return lo;
    }

    private void ensureCapacity(int n) {
        if (2 * n > pairs.length) {
            pairs = Arrays.copyOf(pairs, Math.max(2 * n, 2 * pairs.length));
        }
    }

    @Override
    public String toString() {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < ranges; i++) {
            b.append(i == 0 ? "" : " ").append(pairs[2 * i]);
            if (pairs[2 * i + 1] != pairs[2 * i]) {
                b.append('-').append(pairs[2 * i + 1]);
            }
        }
        return b.toString();
    }
}

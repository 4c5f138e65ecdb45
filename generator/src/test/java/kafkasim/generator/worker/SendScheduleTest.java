package kafkasim.generator.worker;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The schedule's arithmetic: staggering, and what a pause takes out of it. */
class SendScheduleTest {
    /** 4 devices, one message every 250 µs in all: each device every 1 ms. */
    private static SendSchedule fourDevicesEvery250Us(long startUs) {
        SendSchedule s = new SendSchedule(250.0, 4);
        s.startAt(startUs);
        return s;
    }

    /** Takes {@code n} messages: their due times and devices. */
    private static List<long[]> take(SendSchedule s, int n) {
        List<long[]> taken = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            long due = s.nextDueUs();
            taken.add(new long[] {due, s.takeNextDevice()});
        }
        return taken;
    }

    @Test
    void devicesTakeTurnsEvenlySpaced() {
        List<long[]> taken = take(fourDevicesEvery250Us(1_000), 6);
        long[][] expected = {{1_000, 0}, {1_250, 1}, {1_500, 2}, {1_750, 3}, {2_000, 0}, {2_250, 1}};
        for (int i = 0; i < expected.length; i++) {
            assertEquals(expected[i][0], taken.get(i)[0], "due of message " + i);
            assertEquals(expected[i][1], taken.get(i)[1], "device of message " + i);
        }
    }

    @Test
    void aPauseShiftsTheScheduleByItsLengthWithoutABurst() {
        SendSchedule s = fourDevicesEvery250Us(0);
        take(s, 3); // devices 0, 1, 2 sent at 0, 250, 500; device 3 is due at 750
        s.pauseAt(600); // 150 µs before it
        s.resumeAt(1_000_600); // a second later
        List<long[]> after = take(s, 5);
        long[][] expected = {{1_000_750, 3}, {1_001_000, 0}, {1_001_250, 1}, {1_001_500, 2}, {1_001_750, 3}};
        for (int i = 0; i < expected.length; i++) {
            assertEquals(expected[i][0], after.get(i)[0], "due of message " + i + " after the resume");
            assertEquals(expected[i][1], after.get(i)[1], "device of message " + i + " after the resume");
        }
    }

    @Test
    void aMessageAlreadyLateAtThePauseIsDueAtTheResumeNotBefore() {
        SendSchedule s = fourDevicesEvery250Us(0);
        take(s, 2); // device 2 was due at 500: the loop is 1.5 ms behind when the pause comes
        s.pauseAt(2_000);
        s.resumeAt(5_000_000);
        List<long[]> after = take(s, 3);
        assertEquals(5_000_000, after.get(0)[0], "the late message: at the resume, not 1.5 ms before it");
        assertEquals(2, after.get(0)[1]);
        assertEquals(5_000_250, after.get(1)[0], "then the usual spacing");
        assertEquals(3, after.get(1)[1]);
        assertEquals(5_000_500, after.get(2)[0]);
    }

    @Test
    void fractionalIntervalsKeepTheirSpacingAcrossAPause() {
        SendSchedule s = new SendSchedule(1_000_000.0 / 3, 3); // 3 msg/s: 333,333.3 µs apart
        s.startAt(0);
        take(s, 1000);
        long dueBefore = s.nextDueUs();
        s.pauseAt(dueBefore); // exactly when the next is due: no wait left
        s.resumeAt(dueBefore + 7_777_777);
        List<long[]> after = take(s, 4);
        assertEquals(dueBefore + 7_777_777, after.get(0)[0]);
        for (int i = 1; i < after.size(); i++) {
            long stepUs = after.get(i)[0] - after.get(i - 1)[0];
            assertEquals(333_333, stepUs, 1, "step " + i);
        }
        assertEquals(1000 % 3, after.get(0)[1], "device order goes on where it stopped");
    }

    @Test
    void twoSchedulesPausedTogetherKeepTheirOffset() {
        SendSchedule a = new SendSchedule(100.0, 2);
        SendSchedule b = new SendSchedule(300.0, 5);
        a.startAt(0);
        b.startAt(40);
        take(a, 7);
        take(b, 3);
        long offsetBefore = b.nextDueUs() - a.nextDueUs();
        a.pauseAt(650);
        b.pauseAt(650);
        a.resumeAt(90_650);
        b.resumeAt(90_650);
        assertEquals(offsetBefore, b.nextDueUs() - a.nextDueUs());
        assertEquals(90_700, a.nextDueUs(), "a's next was due at 700, 50 µs after the pause");
    }
}

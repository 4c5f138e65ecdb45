package kafkasim.generator.manager;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class RestartPolicyTest {
    static final Duration SOON = Duration.ofSeconds(2);

    @Test
    void threeCrashesBeforeReadyInItsFirstSecondsGiveTheWorkerUp() {
        RestartPolicy p = new RestartPolicy();
        RestartPolicy.Decision first = p.onCrash(false, SOON);
        RestartPolicy.Decision second = p.onCrash(false, SOON);
        RestartPolicy.Decision third = p.onCrash(false, SOON);
        assertFalse(first.giveUp());
        assertEquals(500, first.restartInMs());
        assertFalse(second.giveUp());
        assertEquals(1000, second.restartInMs());
        assertTrue(third.giveUp());
        assertEquals(3, third.earlyCrashesInARow());
    }

    @Test
    void aWorkerThatGotGoingIsRestartedForever() {
        RestartPolicy p = new RestartPolicy();
        for (int i = 0; i < 20; i++) {
            RestartPolicy.Decision d = p.onCrash(true, SOON);
            assertFalse(d.giveUp(), "crash " + i);
            assertEquals(0, d.earlyCrashesInARow());
        }
        assertEquals(RestartPolicy.MAX_BACKOFF.toMillis(), p.onCrash(true, SOON).restartInMs(), "backoff is capped");
    }

    @Test
    void aReadyRunOrASlowStartBreaksTheRow() {
        RestartPolicy p = new RestartPolicy();
        p.onCrash(false, SOON);
        p.onCrash(false, SOON);
        assertFalse(p.onCrash(true, SOON).giveUp(), "it became ready this time");
        p.onCrash(false, SOON);
        p.onCrash(false, SOON);
        assertFalse(p.onCrash(false, RestartPolicy.EARLY_CRASH_WINDOW.plusSeconds(50)).giveUp(),
                "failing after a minute without a broker is not hopeless");
        assertEquals(1, p.onCrash(false, SOON).earlyCrashesInARow());
    }

    @Test
    void aWorkerThatRanLongEnoughStartsItsBackoffAgain() {
        RestartPolicy p = new RestartPolicy();
        p.onCrash(true, SOON);
        p.onCrash(true, SOON);
        assertEquals(2000, p.onCrash(true, SOON).restartInMs());
        assertEquals(500, p.onCrash(true, RestartPolicy.STABLE_AFTER.plusSeconds(1)).restartInMs());
    }
}

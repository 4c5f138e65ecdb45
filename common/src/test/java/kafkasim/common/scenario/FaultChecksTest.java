package kafkasim.common.scenario;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class FaultChecksTest {
    private static Scenario withFaults(String faults) throws ScenarioException {
        return ScenarioLoader.parse(ScenarioLoaderTest.GOOD.replace("\"durationSec\": 10,",
                "\"durationSec\": 60, \"faults\": " + faults + ","), "test");
    }

    @Test
    void faultsGetTheirDefaults() throws Exception {
        Scenario s = withFaults("""
                [ { "atSec": 20, "action": "kill-broker" }, { "atSec": 5, "action": "kill-worker" },
                  { "atSec": 40, "action": "stop-database", "forSec": 3 }, { "atSec": 41, "action": "kill-manager" },
                  { "atSec": 42, "action": "kill-jobmanager" } ]""");
        assertEquals(List.of(new Fault(20, "kill-broker", "1", 10), new Fault(5, "kill-worker", "0", null),
                new Fault(40, "stop-database", null, 3), new Fault(41, "kill-manager", null, null),
                new Fault(42, "kill-jobmanager", null, null)), s.faults());
        assertEquals("kill-broker 1 for 10 s", s.faults().get(0).describe());
        assertEquals(30, s.faults().get(0).endSec());
        assertEquals(List.of(), ScenarioLoader.parse(ScenarioLoaderTest.GOOD, "test").faults(), "none by default");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "{ \"atSec\": 5 }|faults[0].action is required",
        "{ \"atSec\": 5, \"action\": \"reboot\" }|faults[0].action must be one of kill-worker, kill-manager",
        "{ \"atSec\": 5, \"action\": \"net-loss\", \"delayMs\": 100 }|faults[0].delayMs is for net-delay only",
        "{ \"atSec\": 5, \"action\": \"net-delay\", \"delayMs\": -1 }|faults[0].delayMs must be between 0 and 60000",
        "{ \"atSec\": 5, \"action\": \"net-delay\", \"jitterMs\": 70000 }|faults[0].jitterMs must be between 0 and",
        "{ \"atSec\": 5, \"action\": \"net-partition\", \"target\": \"0\" }|faults[0].target: brokers are numbered",
        "{ \"atSec\": 55, \"action\": \"net-partition\" }|faults[0]: net-partition must be over before the generator",
        "{ \"action\": \"kill-worker\" }|faults[0].atSec is required",
        "{ \"atSec\": 60, \"action\": \"kill-worker\" }|faults[0].atSec must be >= 0 and before durationSec (60), got 60",
        "{ \"atSec\": -1, \"action\": \"kill-worker\" }|faults[0].atSec must be >= 0",
        "{ \"atSec\": 5, \"action\": \"kill-manager\", \"target\": \"1\" }|faults[0].target: kill-manager takes none",
        "{ \"atSec\": 5, \"action\": \"kill-jobmanager\", \"target\": \"0\" }|faults[0].target: kill-jobmanager takes none",
        "{ \"atSec\": 5, \"action\": \"kill-jobmanager\", \"forSec\": 5 }|faults[0].forSec: kill-jobmanager is undone by"
            + " its supervisor at once",
        "{ \"atSec\": 5, \"action\": \"kill-worker\", \"target\": \"w1\" }|faults[0].target must be a number",
        "{ \"atSec\": 5, \"action\": \"kill-broker\", \"target\": \"0\" }|faults[0].target: brokers are numbered from 1",
        "{ \"atSec\": 5, \"action\": \"kill-worker\", \"forSec\": 5 }|faults[0].forSec: kill-worker is undone",
        "{ \"atSec\": 5, \"action\": \"pause-broker\", \"forSec\": 0 }|faults[0].forSec must be between 1 and 3600",
        "{ \"atSec\": 55, \"action\": \"pause-broker\" }|faults[0]: pause-broker must be over before the generator stops",
        "{ \"atSec\": 5, \"action\": \"kill-worker\", \"when\": 3 }|faults[0].when is not a known field",
        "null|faults[0] must be an object",
    })
    void badFaultNamesTheField(String fault, String expected) {
        ScenarioException e = assertThrows(ScenarioException.class, () -> withFaults("[" + fault + "]"));
        assertTrue(e.getMessage().contains(expected), () -> "expected <" + expected + "> in:\n" + e.getMessage());
    }

    @Test
    void networkFaultsGetTheirDefaultsAndMayOverlapABrokerFault() throws Exception {
        Scenario s = withFaults("""
                [ { "atSec": 10, "action": "net-delay", "forSec": 5, "jitterMs": 20 },
                  { "atSec": 12, "action": "kill-broker" }, { "atSec": 30, "action": "net-partition", "target": "1" } ]""");
        assertEquals(new Fault(10, "net-delay", "1", 5, 200, 20), s.faults().get(0));
        assertEquals(new Fault(30, "net-partition", "1", 10), s.faults().get(2));
        assertEquals("net-delay 1 for 5 s (200±20 ms)", s.faults().get(0).describe());
        ScenarioException e = assertThrows(ScenarioException.class, () -> withFaults("""
                [ { "atSec": 10, "action": "net-loss" }, { "atSec": 15, "action": "net-delay" } ]"""));
        assertEquals(List.of("faults[0] and faults[1] both act on the network to broker 1 between 15 s and 20 s: let"
                + " one end before the other starts"), e.problems());
    }

    @Test
    void twoFaultsOnOneBrokerAtOnceAreRefused() throws Exception {
        ScenarioException e = assertThrows(ScenarioException.class, () -> withFaults("""
                [ { "atSec": 10, "action": "kill-broker" }, { "atSec": 15, "action": "pause-broker", "target": "1" } ]"""));
        assertEquals(List.of("faults[0] and faults[1] both act on broker 1 between 15 s and 20 s: let one end before"
                + " the other starts"), e.problems());
        assertEquals(2, withFaults("""
                [ { "atSec": 10, "action": "kill-broker" }, { "atSec": 21, "action": "pause-broker" } ]""")
                .faults().size(), "one after the other");
        assertEquals(2, withFaults("""
                [ { "atSec": 10, "action": "kill-broker" }, { "atSec": 12, "action": "stop-database" } ]""")
                .faults().size(), "two components at once");
    }

    @Test
    void aShorterDurationIsCheckedAgainstTheFaults() throws Exception {
        Scenario s = withFaults("[ { \"atSec\": 20, \"action\": \"kill-broker\" } ]");
        assertEquals(List.of(), ScenarioLoader.faultProblems(s));
        assertEquals(List.of("faults[0].atSec must be >= 0 and before durationSec (15), got 20"),
                ScenarioLoader.faultProblems(s.withDurationSec(15)));
        assertEquals(List.of("typed: kill-broker must be over before the generator stops (atSec + forSec = 35,"
                        + " durationSec 30), or its recovery cannot be measured"),
                ScenarioLoader.faultProblems("typed", new Fault(25, "kill-broker", null, null), 30));
    }
}

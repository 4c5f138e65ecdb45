package kafkasim.simulation.orchestrator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import kafkasim.simulation.host.HostUsage;
import kafkasim.simulation.report.LatencyMs;
import org.junit.jupiter.api.Test;

class MeasurementWarningsTest {
    static final LatencyMs ON_TIME = new LatencyMs(1000, 0.1, 0.5, 4.0, 20, 80);

    private static HostUsage host(double above90Fraction, long sampleErrors) {
        return host(above90Fraction, sampleErrors, 2.0);
    }

    private static HostUsage host(double above90Fraction, long sampleErrors, double unlistedPct) {
        Map<String, HostUsage.RoleUsage> roles = new LinkedHashMap<>();
        // cpuPct (whole run, start-up included) orders them differently than the measured phase does
        roles.put("kafka", new HostUsage.RoleUsage(37.8, 80.0, 63.0, 420, 1));
        roles.put("flink-taskmanager", new HostUsage.RoleUsage(54.6, 70.0, 91.0, 390, 1));
        roles.put("postgres", new HostUsage.RoleUsage(3.0, 90.0, 5.0, 60, 9));
        return new HostUsage(2, new HostUsage.CpuBusyPct(80, 100, 100, 85), 60 * above90Fraction, above90Fraction,
                unlistedPct, 60, 90, 60, sampleErrors, roles);
    }

    @Test
    void aCalmRunHasNoWarnings() {
        assertEquals(List.of(), MeasurementWarnings.of(host(0.05, 0), null, false, ON_TIME, false));
        // exactly at the threshold is not yet more than 10 % of the run
        assertEquals(List.of(), MeasurementWarnings.of(host(0.10, 0), null, false, ON_TIME, false));
        assertEquals(List.of(),
                MeasurementWarnings.of(host(0, 0), null, false, new LatencyMs(0, 0, 0, 0, 0, 0), false));
    }

    @Test
    void aSaturatedHostNamesTheShareAndTheBusiestRoles() {
        assertEquals(List.of("the host was saturated (CPU > 90 % for 34 % of the measured time, busiest: "
                        + "flink-taskmanager 91 %, kafka 63 % of a core): latency and throughput figures measure this "
                        + "machine, not the architecture"),
                MeasurementWarnings.of(host(0.34, 0), null, false, ON_TIME, false));
        // on a shared machine, say how much of the load was not the run's own
        assertEquals(List.of("the host was saturated (CPU > 90 % for 100 % of the measured time, busiest: "
                        + "flink-taskmanager 91 %, kafka 63 % of a core; 45 % of the machine went to processes outside "
                        + "this run): latency and throughput figures measure this machine, not the architecture"),
                MeasurementWarnings.of(host(1.0, 0, 45.2), null, false, ON_TIME, false));
    }

    @Test
    void aGeneratorBehindItsScheduleIsAWarning() {
        LatencyMs lagging = new LatencyMs(1000, 900, 5000, 7600, 9000, 9500);
        assertEquals(List.of("the generator could not keep its schedule (send lag p99 7.6 s): latency and throughput "
                + "figures measure this machine, not the architecture"),
                MeasurementWarnings.of(host(0, 0), null, false, lagging, false));
        assertEquals(1, MeasurementWarnings.of(host(0, 0), null, false, new LatencyMs(10, 1, 1, 100.01, 1, 1),
                false).size());
        assertEquals(0, MeasurementWarnings.of(host(0, 0), null, false, new LatencyMs(10, 1, 1, 100, 1, 1),
                false).size());
        assertEquals(List.of("the generator could not keep its schedule (send lag p99 7.6 s): its producers waited"
                        + " while the run's faults held the broker down or restarted them; latency counts from the"
                        + " scheduled send time, so the wait is in the figures"),
                MeasurementWarnings.of(host(0, 0), null, false, lagging, true), "a run with faults: not this machine");
        assertEquals("340 ms", MeasurementWarnings.duration(340.4));
        assertEquals("1.0 s", MeasurementWarnings.duration(1000));
    }

    @Test
    void anIncompleteOrMissingHostPictureIsSaid() {
        assertEquals(List.of("the host monitor failed 3 time(s) (first: java.io.IOException: x): host CPU and memory "
                        + "figures may be incomplete",
                        "getconf CLK_TCK could not be run: per-process cpuSec assume 100 clock ticks per second"),
                MeasurementWarnings.of(host(0, 3), "java.io.IOException: x", true, ON_TIME, false));
        assertEquals(1, MeasurementWarnings.of(null, null, false, ON_TIME, false).size());
    }

    @Test
    void warningsKeepTheirOrderOnceEachAndNeedASentence() {
        Warnings w = new Warnings();
        w.add("b happened: figures are off");
        w.add("a happened: figures are off");
        w.add("b happened: figures are off");
        assertEquals(List.of("b happened: figures are off", "a happened: figures are off"), w.list());
        assertThrows(IllegalArgumentException.class, () -> w.add(" "));
    }

    @Test
    void sendErrorsAreSaidWithTheirShare() {
        assertTrue(MeasurementWarnings.sendErrors(100, 0).isEmpty());
        String w = MeasurementWarnings.sendErrors(243_779, 134_820).orElseThrow();
        assertTrue(w.startsWith("134,820 of 378,599 messages (35.6 %) were never acknowledged by the broker"), w);
    }
}

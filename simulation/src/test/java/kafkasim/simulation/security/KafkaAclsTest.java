package kafkasim.simulation.security;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import org.apache.kafka.common.acl.AclBinding;
import org.junit.jupiter.api.Test;

import kafkasim.common.scenario.Scenario;
import kafkasim.common.scenario.ScenarioLoader;
import kafkasim.common.security.Rejection;

class KafkaAclsTest {
    static final String SCENARIO = """
            { "name": "s", "durationSec": 10,
              "security": { "mode": "mtls", "acl": true, "groups": { "rogue": { "withinAcl": false } } },
              "devices": [ { "type": "meter", "count": 2, "ratePerSec": 1.0, "payloadBytes": 300 },
                           { "type": "rogue", "count": 1, "ratePerSec": 1.0, "payloadBytes": 300 } ] }""";

    /** {@code principal operation resource} for each binding. */
    static Set<String> grants(List<AclBinding> acls) {
        return acls.stream().map(a -> a.entry().principal().substring(5) + " " + a.entry().operation() + " "
                + a.pattern().resourceType() + ":" + a.pattern().name()).collect(Collectors.toSet());
    }

    @Test
    void eachPrincipalGetsOnlyWhatItsPartNeeds() throws Exception {
        Scenario s = ScenarioLoader.parse(SCENARIO, "t");
        Set<String> g = grants(KafkaAcls.of(s, "run-1"));
        assertTrue(g.contains("device-meter WRITE TOPIC:iot.telemetry"));
        assertFalse(g.stream().anyMatch(x -> x.startsWith("device-rogue")), "outside its ACL: nothing");
        assertFalse(g.stream().anyMatch(x -> x.startsWith("device-meter") && !x.contains("WRITE TOPIC:iot.telemetry")));
        assertTrue(g.contains("job-fast READ TOPIC:iot.telemetry"));
        assertTrue(g.contains("job-fast READ GROUP:kafkasim-fast-run-1"));
        assertTrue(g.contains("job-fast WRITE TOPIC:iot.alerts"));
        assertFalse(g.contains("job-medium WRITE TOPIC:iot.alerts"));
        assertTrue(g.contains("job-slow WRITE TOPIC:sim.log"));
        assertTrue(g.contains("job-report READ TOPIC:sim.log"));
        assertTrue(g.contains("job-report READ GROUP:kafkasim-report-run-1"));
        assertFalse(g.stream().anyMatch(x -> x.startsWith("job-report") && x.contains("iot.telemetry")));
        assertTrue(g.contains("logger WRITE TOPIC:sim.log"));
        assertEquals(1, g.stream().filter(x -> x.startsWith("logger")).count());
        assertFalse(g.stream().anyMatch(x -> x.contains("CLUSTER")), "nobody but the super users administers");
    }

    @Test
    void anMqttRunsKafkaHoldsNoTelemetryGrants() throws Exception {
        Scenario s = ScenarioLoader.parse(SCENARIO.replace("\"durationSec\": 10,",
                "\"durationSec\": 10, \"broker\": \"mqtt\","), "t");
        assertFalse(grants(KafkaAcls.of(s, "r")).stream().anyMatch(x -> x.contains("iot.telemetry")));
    }

    @Test
    void theSummaryNamesEveryRefusalAndAGroupThatGotThroughAlthoughMeantToBeRefused() throws Exception {
        Scenario s = ScenarioLoader.parse(SCENARIO, "t");
        SecuritySummary expected = SecuritySummary.of(s, Map.of("rogue", Map.of(Rejection.AUTHORISATION, 20L)),
                Map.of("meter", 40L));
        assertEquals(Map.of("rogue", Map.of("authorisation", 20L)), expected.rejected());
        List<String> w = expected.warnings(Map.of("meter", 40L));
        assertEquals(1, w.size(), w.toString());
        assertTrue(w.get(0).contains("refused 20 sends of device group \"rogue\" (authorisation 20), as the scenario"
                + " meant (outside its ACL)"), w.get(0));
        SecuritySummary leaked = SecuritySummary.of(s, Map.of("meter", Map.of(Rejection.TLS, 3L)), Map.of());
        List<String> w2 = leaked.warnings(Map.of("meter", 37L, "rogue", 5L));
        assertTrue(w2.get(0).contains("its devices should have been accepted"), w2.toString());
        assertTrue(w2.get(1).contains("was meant to be refused (outside its ACL), but the broker acknowledged 5"),
                w2.toString());
    }
}

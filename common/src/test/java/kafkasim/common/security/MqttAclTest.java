package kafkasim.common.security;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class MqttAclTest {
    private final MqttAcl acl = MqttAcl.of(new SecuritySettings("sasl_ssl", true,
            Map.of("outside", new GroupSecurity(null, false))), List.of("temperature", "outside"));

    @Test
    void aDevicePublishesOnlyItsOwnTopic() {
        assertEquals(Set.of("outside"), acl.refusedTypes());
        assertEquals("devices/temperature/temperature-000001/telemetry",
                acl.publishTopic("device-temperature", "temperature-000001"));
        assertNull(acl.publishTopic("device-temperature", "a/b"), "a client id that would add a level");
        assertNull(acl.publishTopic("device-temperature", "#"));
        assertNull(acl.publishTopic("device-outside", "outside-000000"), "the refused group publishes nothing");
        assertNull(acl.publishTopic("device-humidity", "humidity-000000"), "not a group of the run");
        assertNull(acl.publishTopic(Principals.job("fast"), "x"), "jobs only read");
    }

    @Test
    void onlyTheJobsRead() {
        assertTrue(acl.reads("job-fast") && acl.reads("job-medium") && acl.reads("job-slow"));
        assertFalse(acl.reads("device-temperature"));
        assertFalse(acl.reads(null));
    }
}

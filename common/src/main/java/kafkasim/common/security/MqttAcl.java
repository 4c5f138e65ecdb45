package kafkasim.common.security;

import java.util.Collection;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;

/**
 * Who may do what on a run's MQTT broker (the scenario's {@code security.acl}), the one rule both brokers enforce:
 * Mosquitto through the {@code acl_file} infra writes from it, HiveMQ through kafkasim's extension, which asks it.
 *
 * <ul>
 *   <li>a device group's principal {@code device-<type>} may publish only {@code devices/<type>/<its client
 *       id>/telemetry} (a device's client id is its device id), unless the group is refused ({@code withinAcl}
 *       false): then it may publish nothing;</li>
 *   <li>a reader (a Flink job's principal) may only subscribe to, and read, the devices' telemetry;</li>
 *   <li>anybody else may do nothing.</li>
 * </ul>
 *
 * @param deviceTypes  every device group of the run
 * @param refusedTypes the groups with {@code withinAcl} false (a subset of {@code deviceTypes})
 * @param readers      the principals that read the telemetry (the jobs')
 */
public record MqttAcl(Set<String> deviceTypes, Set<String> refusedTypes, Set<String> readers) {
    /** The jobs that may read telemetry: every kind kafkasim submits. */
    public static final List<String> JOB_KINDS = List.of("fast", "medium", "slow", "report");
    /** Characters MQTT gives a meaning in filters, or that would add a level: never part of a granted topic. */
    private static final Pattern TOPIC_LEVEL = Pattern.compile("[^/+#\\u0000]+");

    public MqttAcl {
        deviceTypes = Set.copyOf(new TreeSet<>(deviceTypes));
        refusedTypes = Set.copyOf(new TreeSet<>(refusedTypes));
        readers = Set.copyOf(new TreeSet<>(readers));
        if (!deviceTypes.containsAll(refusedTypes)) {
            throw new IllegalArgumentException("refused groups " + refusedTypes + " must be among the device groups "
                    + deviceTypes);
        }
    }

    /** The ACL of a run with these device groups: {@code settings.group(type).withinAcl()} says who is refused. */
    public static MqttAcl of(SecuritySettings settings, Collection<String> deviceTypes) {
        SecuritySettings s = settings.withDefaults();
        Set<String> refused = new TreeSet<>();
        for (String type : deviceTypes) {
            if (!Boolean.TRUE.equals(s.group(type).withDefaults().withinAcl())) {
                refused.add(type);
            }
        }
        Set<String> readers = new TreeSet<>();
        JOB_KINDS.forEach(k -> readers.add(Principals.job(k)));
        return new MqttAcl(Set.copyOf(deviceTypes), refused, readers);
    }

    /** The device type whose group {@code principal} is, or null. */
    public String typeOf(String principal) {
        if (principal == null || !principal.startsWith("device-")) {
            return null;
        }
        String type = principal.substring("device-".length());
        return deviceTypes.contains(type) ? type : null;
    }

    /** Whether {@code principal} (connected as {@code clientId}) may publish at all. */
    public boolean publishes(String principal) {
        String type = typeOf(principal);
        return type != null && !refusedTypes.contains(type);
    }

    /** The one topic {@code principal} connected as {@code clientId} may publish to, or null for none. */
    public String publishTopic(String principal, String clientId) {
        if (!publishes(principal) || clientId == null || !TOPIC_LEVEL.matcher(clientId).matches()) {
            return null;
        }
        return "devices/" + typeOf(principal) + "/" + clientId + "/telemetry";
    }

    /** Whether {@code principal} may read the devices' telemetry. */
    public boolean reads(String principal) {
        return principal != null && readers.contains(principal);
    }
}

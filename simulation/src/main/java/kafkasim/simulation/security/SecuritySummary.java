package kafkasim.simulation.security;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import kafkasim.common.scenario.DeviceGroup;
import kafkasim.common.scenario.Scenario;
import kafkasim.common.security.GroupSecurity;
import kafkasim.common.security.Rejection;
import kafkasim.common.security.SecuritySettings;

/**
 * {@code summary.json}'s {@code security}: the mode the run's clients connected with, and every send a broker
 * refused, per device group and reason, next to what the scenario expected of that group.
 *
 * @param mode     the scenario's security mode
 * @param acl      whether the brokers authorised by ACL
 * @param rejected device type → reason ({@code authentication}, {@code authorisation}, {@code tls}) → refused sends
 *                 (absent: none refused)
 * @param refusedOnPurpose device type → how the scenario made it break the rules ({@code security.groups})
 */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
public record SecuritySummary(String mode, boolean acl, Map<String, Map<String, Long>> rejected,
                              Map<String, GroupSecurity> refusedOnPurpose) {

    /**
     * The summary of a run of {@code s}: {@code rejections} as the workers counted them, {@code acceptedByType}
     * the messages the broker acknowledged per device type.
     */
    public static SecuritySummary of(Scenario s, Map<String, Map<Rejection, Long>> rejections,
                                     Map<String, Long> acceptedByType) {
        SecuritySettings sec = s.securityOrPlain();
        Map<String, Map<String, Long>> rejected = new TreeMap<>();
        rejections.forEach((type, byReason) -> {
            Map<String, Long> m = new LinkedHashMap<>();
            byReason.forEach((reason, n) -> m.put(reason.id(), n));
            rejected.put(type, m);
        });
        Map<String, GroupSecurity> onPurpose = new TreeMap<>();
        for (DeviceGroup g : s.devices()) {
            GroupSecurity group = sec.group(g.type()).withDefaults();
            if (!group.conforms()) {
                onPurpose.put(g.type(), group);
            }
        }
        return new SecuritySummary(sec.securityMode().id(), sec.acl(), rejected, onPurpose);
    }

    /**
     * What a reader must know: each refused group (expected or not), and a group meant to be refused that got
     * messages through.
     */
    public List<String> warnings(Map<String, Long> acceptedByType) {
        List<String> w = new ArrayList<>();
        for (Map.Entry<String, Map<String, Long>> e : rejected.entrySet()) {
            String type = e.getKey();
            long n = e.getValue().values().stream().mapToLong(Long::longValue).sum();
            GroupSecurity expected = refusedOnPurpose.get(type);
            w.add("the broker refused " + n + " sends of device group \"" + type + "\" (" + describe(e.getValue())
                    + ")" + (expected != null ? ", as the scenario meant (" + describe(expected) + ")"
                    : ": its devices should have been accepted; check its credentials and the broker's ACL")
                    + "; the paths count only the accepted groups");
        }
        for (Map.Entry<String, GroupSecurity> e : refusedOnPurpose.entrySet()) {
            long accepted = acceptedByType.getOrDefault(e.getKey(), 0L);
            if (accepted > 0) {
                w.add("device group \"" + e.getKey() + "\" was meant to be refused (" + describe(e.getValue())
                        + "), but the broker acknowledged " + accepted + " of its messages: the broker does not"
                        + " enforce what the scenario tests");
            } else if (!rejected.containsKey(e.getKey())) {
                w.add("device group \"" + e.getKey() + "\" was meant to be refused (" + describe(e.getValue())
                        + "), but no broker refusal was counted: its sends failed otherwise or it sent nothing");
            }
        }
        return w;
    }

    private static String describe(Map<String, Long> byReason) {
        List<String> parts = new ArrayList<>();
        byReason.forEach((reason, n) -> parts.add(reason + " " + n));
        return String.join(", ", parts);
    }

    private static String describe(GroupSecurity g) {
        List<String> parts = new ArrayList<>();
        if (!GroupSecurity.VALID.equals(g.credentials())) {
            parts.add("credentials " + g.credentials());
        }
        if (!g.withinAcl()) {
            parts.add("outside its ACL");
        }
        return String.join(", ", parts);
    }
}

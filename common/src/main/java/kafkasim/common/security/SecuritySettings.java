package kafkasim.common.security;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The scenario's {@code security} block: how every client connects to the run's brokers (see docs/security.md).
 *
 * @param mode   {@link SecurityMode}'s name (default {@code plain})
 * @param acl    whether the brokers authorise every principal by an ACL (Kafka's StandardAuthorizer, Mosquitto's
 *               acl_file, HiveMQ's extension); needs a mode that authenticates; default false
 * @param groups device groups that break the rules on purpose, by device type (default none)
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record SecuritySettings(String mode, Boolean acl, Map<String, GroupSecurity> groups) {
    public static final SecuritySettings PLAIN = new SecuritySettings(SecurityMode.PLAIN.id(), false, Map.of());

    public SecuritySettings withDefaults() {
        Map<String, GroupSecurity> g = new LinkedHashMap<>();
        if (groups != null) {
            groups.forEach((type, s) -> g.put(type, (s == null ? GroupSecurity.DEFAULT : s).withDefaults()));
        }
        return new SecuritySettings(mode == null ? SecurityMode.PLAIN.id() : mode, acl != null && acl, g);
    }

    /** The mode (call on a validated block). */
    @JsonIgnore
    public SecurityMode securityMode() {
        return mode == null ? SecurityMode.PLAIN : SecurityMode.of(mode);
    }

    /** How the group of {@code type} connects (call on defaults). */
    public GroupSecurity group(String type) {
        GroupSecurity g = groups == null ? null : groups.get(type);
        return g == null ? GroupSecurity.DEFAULT : g;
    }

    /** Whether any group is expected to be refused. */
    public boolean hasNonConformingGroups() {
        return groups != null && groups.values().stream().anyMatch(g -> !g.withDefaults().conforms());
    }
}

package kafkasim.common.scenario;

import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.stream.Collectors;
import kafkasim.common.security.GroupSecurity;
import kafkasim.common.security.SecurityMode;
import kafkasim.common.security.SecuritySettings;

/** The checks of a scenario's {@code security} block; each problem names its field. */
final class SecurityChecks {
    private SecurityChecks() {
    }

    static void check(SecuritySettings sec, Scenario s, List<String> problems) {
        SecurityMode mode = SecurityMode.PLAIN;
        if (sec.mode() != null) {
            var found = SecurityMode.find(sec.mode());
            if (found.isEmpty()) {
                problems.add("security.mode must be " + SecurityMode.choices() + ", got \"" + sec.mode() + "\"");
                return;
            }
            mode = found.get();
        }
        boolean acl = Boolean.TRUE.equals(sec.acl());
        if (acl && !mode.authenticates()) {
            problems.add("security.acl needs a mode in which the broker knows who connects (\"sasl_ssl\" or"
                    + " \"mtls\"), got mode \"" + mode.id() + "\"");
        }
        if (sec.groups() == null) {
            return;
        }
        List<String> types = s.devices() == null ? List.of()
                : s.devices().stream().filter(Objects::nonNull).map(DeviceGroup::type).filter(Objects::nonNull)
                .toList();
        boolean kafka = s.broker() == null || BrokerKind.KAFKA.id().equals(s.broker());
        for (Map.Entry<String, GroupSecurity> e : sec.groups().entrySet()) {
            String at = "security.groups." + e.getKey();
            if (!types.contains(e.getKey())) {
                problems.add(at + " names no device group (the types are "
                        + types.stream().map(t -> "\"" + t + "\"").collect(Collectors.joining(", ")) + ")");
            }
            GroupSecurity g = e.getValue();
            if (g == null) {
                problems.add(at + " must be a JSON object");
                continue;
            }
            String c = g.credentials();
            if (c != null) {
                if (!GroupSecurity.VALID.equals(c) && !GroupSecurity.WRONG_PASSWORD.equals(c)
                        && !GroupSecurity.NONE.equals(c)) {
                    problems.add(at + ".credentials must be \"" + GroupSecurity.VALID + "\", \""
                            + GroupSecurity.WRONG_PASSWORD + "\" or \"" + GroupSecurity.NONE + "\", got \"" + c + "\"");
                } else if (GroupSecurity.WRONG_PASSWORD.equals(c) && mode != SecurityMode.SASL_SSL) {
                    problems.add(at + ".credentials \"" + c + "\" needs mode \"sasl_ssl\" (the only mode with"
                            + " passwords), got mode \"" + mode.id() + "\"");
                } else if (GroupSecurity.NONE.equals(c) && !mode.authenticates()) {
                    problems.add(at + ".credentials \"" + c + "\" needs mode \"sasl_ssl\" or \"mtls\" (in mode \""
                            + mode.id() + "\" nobody has credentials)");
                } else if (GroupSecurity.NONE.equals(c) && mode == SecurityMode.SASL_SSL && kafka) {
                    problems.add(at + ".credentials \"" + c + "\" with mode \"sasl_ssl\" is MQTT only (a Kafka"
                            + " client cannot be configured for SASL without credentials); use \""
                            + GroupSecurity.WRONG_PASSWORD + "\" or mode \"mtls\"");
                }
            }
            if (Boolean.FALSE.equals(g.withinAcl()) && !acl) {
                problems.add(at + ".withinAcl false needs security.acl true (without ACLs every authenticated"
                        + " client may publish)");
            }
        }
    }
}

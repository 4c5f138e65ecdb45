package kafkasim.common.security;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * A device group that does not follow the rules, to show that the broker refuses it: the scenario's
 * {@code security.groups.<type>}. Every group left out connects with its own valid credentials and stays within
 * its ACL.
 *
 * @param credentials {@value #VALID} (default), {@value #WRONG_PASSWORD} (sasl_ssl: its password is not the one the
 *                    broker knows) or {@value #NONE} (sasl_ssl: no username/password; mtls: no client certificate)
 * @param withinAcl   false: the broker's ACL grants the group's principal no right to publish telemetry (needs
 *                    {@code security.acl}); default true
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record GroupSecurity(String credentials, Boolean withinAcl) {
    public static final String VALID = "valid";
    public static final String WRONG_PASSWORD = "wrong-password";
    public static final String NONE = "none";
    public static final GroupSecurity DEFAULT = new GroupSecurity(VALID, true);

    public GroupSecurity withDefaults() {
        return new GroupSecurity(credentials == null ? VALID : credentials, withinAcl == null || withinAcl);
    }

    /** Whether the broker should accept this group: valid credentials and within its ACL (call on defaults). */
    public boolean conforms() {
        return VALID.equals(credentials) && Boolean.TRUE.equals(withinAcl);
    }
}

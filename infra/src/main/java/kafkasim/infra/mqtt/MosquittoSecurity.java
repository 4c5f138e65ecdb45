package kafkasim.infra.mqtt;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;

import kafkasim.common.security.MosquittoPasswords;
import kafkasim.common.security.MqttAcl;
import kafkasim.common.security.Principals;
import kafkasim.common.security.SecurityMode;

/**
 * {@link MqttBrokerSecurity} as Mosquitto takes it: {@code mosquitto.conf} lines, and the password and ACL files
 * written owner-only into {@code <dataDir>/security} (Mosquitto runs as this JVM's user, see {@link MosquittoConfig},
 * so it reads them; nobody else can).
 */
final class MosquittoSecurity {
    static final String PASSWORD_FILE = "mosquitto.passwords";
    static final String ACL_FILE = "mosquitto.acl";

    private MosquittoSecurity() {
    }

    /** Writes the files {@code security} needs and returns the config lines that use them; plain: anonymous. */
    static List<String> prepare(MqttBrokerSecurity security, Path dataDir) throws IOException {
        List<String> lines = new ArrayList<>();
        if (security.isPlain()) {
            lines.add("allow_anonymous true");
            return lines;
        }
        Path dir = PrivateFiles.dir(dataDir);
        lines.add("cafile " + security.caCertificate());
        lines.add("certfile " + security.certificateChain());
        lines.add("keyfile " + security.privateKey());
        lines.add("allow_anonymous " + !security.mode().authenticates());
        if (security.mode() == SecurityMode.SASL_SSL) {
            Path passwords = dir.resolve(PASSWORD_FILE);
            // the hashes are made here, from memory: no plain password on disk or in an argv (MosquittoPasswords)
            PrivateFiles.write(passwords, MosquittoPasswords.file(security.passwords()));
            lines.add("password_file " + passwords);
        }
        if (security.mode() == SecurityMode.MTLS) {
            lines.add("require_certificate true");
            lines.add("use_identity_as_username true");
        }
        if (security.acl().isPresent()) {
            Path acl = dir.resolve(ACL_FILE);
            PrivateFiles.write(acl, aclText(security.acl().get()));
            lines.add("acl_file " + acl);
        }
        return lines;
    }

    /**
     * {@link MqttAcl}'s rule as an {@code acl_file}. Mosquitto grants an access if any line for the user or any
     * {@code pattern} (which applies to every user) allows it; only a user's {@code deny} lines come before the
     * patterns. So: one pattern binds each device to its own client id's topic ({@code %c} = its device id); each
     * group's user denies the other groups' subtrees (a pattern cannot say "and the type is the user's"); a refused
     * group's user denies everything; the jobs' users may read the telemetry. Subscribing is never checked by
     * Mosquitto 2.0, reading is: a message is delivered only to a client that may read its topic.
     *
     * <p>What this file cannot express, and HiveMQ's extension can: a job's user could publish to
     * {@code devices/<type>/<its own client id>/telemetry} (the pattern is every user's, and a deny for the jobs would
     * take their reads too), and a type the scenario does not have is not denied to a device.
     */
    static String aclText(MqttAcl acl) {
        StringBuilder out = new StringBuilder("# written by kafkasim at every start: changes here are overwritten\n")
                .append("pattern write devices/+/%c/telemetry\n");
        for (String type : new TreeSet<>(acl.deviceTypes())) {
            out.append("\nuser ").append(Principals.devices(type)).append('\n');
            if (acl.refusedTypes().contains(type)) {
                out.append("topic deny devices/#\n");
                continue;
            }
            for (String other : new TreeSet<>(acl.deviceTypes())) {
                if (!other.equals(type)) {
                    out.append("topic deny devices/").append(other).append("/#\n");
                }
            }
        }
        for (String reader : new TreeSet<>(acl.readers())) {
            out.append("\nuser ").append(reader).append('\n')
                    .append("topic read ").append("devices/+/+/telemetry").append('\n');
        }
        return out.toString();
    }
}

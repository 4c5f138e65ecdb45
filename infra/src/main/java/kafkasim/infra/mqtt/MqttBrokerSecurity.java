package kafkasim.infra.mqtt;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collection;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;

import kafkasim.common.security.MqttAcl;
import kafkasim.common.security.Principals;
import kafkasim.common.security.SecurityFiles;
import kafkasim.common.security.SecurityMode;
import kafkasim.common.security.SecuritySettings;
import kafkasim.infra.StartException;
import kafkasim.infra.security.SecurityMaterial;

/**
 * How an embedded MQTT broker secures its one listener (the scenario's {@code security} block, mapped per broker):
 *
 * <ul>
 *   <li>tls, sasl_ssl, mtls: TLS with the {@value Principals#MQTT_BROKER} certificate of {@code files};</li>
 *   <li>sasl_ssl: anonymous clients refused, username/password checked against {@code passwords};</li>
 *   <li>mtls: a client certificate signed by the run CA required, its CN is the client's principal;</li>
 *   <li>{@code acl}: {@link MqttAcl}'s rule; absent, every authenticated client may do anything.</li>
 * </ul>
 *
 * @param passwords principal → the password the broker accepts (sasl_ssl); kept in memory, written only as hashes
 */
public record MqttBrokerSecurity(SecurityMode mode, SecurityFiles files, Map<String, String> passwords,
                                 Optional<MqttAcl> acl) {
    /** Plain TCP, anonymous clients: the brokers before security. */
    public static final MqttBrokerSecurity PLAIN = new MqttBrokerSecurity(SecurityMode.PLAIN, null, Map.of(),
            Optional.empty());

    public MqttBrokerSecurity {
        Objects.requireNonNull(mode, "mode");
        passwords = Map.copyOf(passwords == null ? Map.of() : passwords);
        acl = acl == null ? Optional.empty() : acl;
        if (mode != SecurityMode.PLAIN) {
            Objects.requireNonNull(files, "files");
        }
        if (acl.isPresent() && !mode.authenticates()) {
            throw new IllegalArgumentException("an MQTT ACL needs mode sasl_ssl or mtls, got " + mode);
        }
        if (mode == SecurityMode.SASL_SSL && passwords.isEmpty()) {
            throw new IllegalArgumentException("mode sasl_ssl needs the passwords of the MQTT principals");
        }
    }

    /**
     * The MQTT broker's security for a run: {@code material} made with {@value Principals#MQTT_BROKER} among its
     * servers and the devices' ({@link Principals#devices}) and jobs' ({@link Principals#job}) principals among its
     * clients; only those principals' passwords are given to the broker.
     *
     * @param settings    the scenario's security block (its acl and groups)
     * @param deviceTypes every device group of the run
     */
    public static MqttBrokerSecurity of(SecurityMaterial material, SecuritySettings settings,
                                        Collection<String> deviceTypes) {
        if (material.mode() == SecurityMode.PLAIN) {
            return PLAIN;
        }
        Map<String, String> passwords = new TreeMap<>();
        Map<String, String> registered = material.registeredPasswords();
        for (String type : deviceTypes) {
            putIfRegistered(passwords, registered, Principals.devices(type));
        }
        for (String kind : MqttAcl.JOB_KINDS) {
            putIfRegistered(passwords, registered, Principals.job(kind));
        }
        Optional<MqttAcl> acl = settings.withDefaults().acl() ? Optional.of(MqttAcl.of(settings, deviceTypes))
                : Optional.empty();
        return new MqttBrokerSecurity(material.mode(), material.files(), passwords, acl);
    }

    private static void putIfRegistered(Map<String, String> out, Map<String, String> registered, String principal) {
        String password = registered.get(principal);
        if (password != null) {
            out.put(principal, password);
        }
    }

    public boolean isPlain() {
        return mode == SecurityMode.PLAIN;
    }

    /** The broker's certificate chain, key and the CA. */
    Path certificateChain() {
        return files.certificateChain(Principals.MQTT_BROKER);
    }

    Path privateKey() {
        return files.privateKey(Principals.MQTT_BROKER);
    }

    Path caCertificate() {
        return files.caCertificate();
    }

    /**
     * Checks that the files a broker start reads exist, before it starts (a broker's own message would be buried in
     * its log).
     *
     * @throws StartException naming the missing file
     */
    void checkFiles(String broker) {
        if (isPlain()) {
            return;
        }
        for (Path f : new Path[] {caCertificate(), certificateChain(), privateKey()}) {
            if (!Files.isReadable(f)) {
                throw new StartException(broker + " failed to start: its TLS listener needs " + f + ", which does not"
                        + " exist or cannot be read (made by SecurityMaterial with " + Principals.MQTT_BROKER
                        + " among the servers)");
            }
            if (f.toString().matches("(?s).*\\s.*")) {
                throw new StartException(broker + " failed to start: the path " + f + " has white space, which "
                        + "Mosquitto's configuration cannot hold");
            }
        }
    }

    @Override
    public String toString() {
        // never the passwords
        return "MqttBrokerSecurity[" + mode + (files == null ? "" : ", " + files.dir()) + ", " + passwords.size()
                + " passwords" + acl.map(a -> ", acl " + a).orElse("") + "]";
    }
}

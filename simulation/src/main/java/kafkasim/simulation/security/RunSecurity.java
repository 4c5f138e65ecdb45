package kafkasim.simulation.security;

import kafkasim.infra.mqtt.MqttBrokerSecurity;

import kafkasim.generator.plan.MqttTransportConfig;

import kafkasim.common.security.MqttClientSecurity;

import java.nio.file.Path;
import java.util.List;
import java.util.Properties;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.common.acl.AclBinding;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;

import kafkasim.common.jobs.JobSettings;
import kafkasim.common.scenario.DeviceGroup;
import kafkasim.common.scenario.Scenario;
import kafkasim.common.security.GroupSecurity;
import kafkasim.common.security.KafkaClientSecurity;
import kafkasim.common.security.Principals;
import kafkasim.common.security.SecurityFiles;
import kafkasim.common.security.SecurityMode;
import kafkasim.common.security.SecuritySettings;
import kafkasim.generator.plan.GeneratorSecurity;
import kafkasim.infra.kafka.KafkaBrokerSecurity;
import kafkasim.infra.security.SecurityMaterial;

/**
 * A run's security: the scenario's {@code security} block turned into certificates and credentials
 * ({@code infra/security/} of the results folder) and into how each of the run's parts connects. Made once,
 * before any broker starts; in mode plain it makes nothing and every client stays plaintext.
 *
 * <p>Principals: {@code kafkasim} (topics, lag, the metric readers; a super user), {@code logger} (the generator
 * processes' log copies), one per job ({@code job-fast} … {@code job-report}) and one per device group
 * ({@code device-<type>}), each with its own certificate or password.
 */
public final class RunSecurity {
    public static final RunSecurity PLAIN = new RunSecurity(SecuritySettings.PLAIN.withDefaults(), null, List.of());

    private final SecuritySettings settings;
    private final SecurityMaterial material;
    private final List<String> deviceTypes;

    private RunSecurity(SecuritySettings settings, SecurityMaterial material, List<String> deviceTypes) {
        this.settings = settings;
        this.material = material;
        this.deviceTypes = List.copyOf(deviceTypes);
    }

    /** Makes the material {@code s}' security block needs in {@code runDir/infra/security} (nothing in plain). */
    public static RunSecurity create(Scenario s, Path runDir) {
        SecuritySettings settings = s.securityOrPlain();
        if (settings.securityMode() == SecurityMode.PLAIN) {
            return PLAIN;
        }
        Set<String> clients = new LinkedHashSet<>();
        clients.add(Principals.ADMIN);
        clients.add(Principals.LOGGER);
        JobSettings.NAMES.forEach(job -> clients.add(Principals.job(job)));
        Set<String> wrongPassword = new LinkedHashSet<>();
        Set<String> withoutCertificate = new LinkedHashSet<>();
        for (DeviceGroup g : s.devices()) {
            String principal = Principals.devices(g.type());
            clients.add(principal);
            GroupSecurity group = settings.group(g.type());
            if (GroupSecurity.WRONG_PASSWORD.equals(group.credentials())) {
                wrongPassword.add(principal);
            } else if (GroupSecurity.NONE.equals(group.credentials())) {
                withoutCertificate.add(principal);
            }
        }
        SecurityMaterial material = SecurityMaterial.create(runDir.resolve("infra").resolve("security"),
                new SecurityMaterial.Request(runDir.getFileName().toString(), settings.securityMode(),
                        Set.of(Principals.KAFKA_BROKER, Principals.MQTT_BROKER), clients, wrongPassword,
                        withoutCertificate));
        return new RunSecurity(settings, material, s.devices().stream().map(DeviceGroup::type).toList());
    }

    public SecuritySettings settings() {
        return settings;
    }

    public SecurityMode mode() {
        return settings.securityMode();
    }

    /** Where the certificates and credentials are (null in plain). */
    public SecurityFiles files() {
        return material == null ? null : material.files();
    }

    /** How the embedded Kafka brokers secure their listeners. */
    public KafkaBrokerSecurity kafkaBroker() {
        if (material == null) {
            return KafkaBrokerSecurity.PLAIN;
        }
        Map<String, String> scram = new LinkedHashMap<>(material.registeredPasswords());
        scram.remove(Principals.MQTT_BROKER); // a server only, never a Kafka client
        return new KafkaBrokerSecurity(mode(), material.files(), settings.acl(), scram);
    }

    /** How {@code principal} connects to Kafka with valid credentials. */
    public KafkaClientSecurity kafka(String principal) {
        return material == null ? KafkaClientSecurity.NONE
                : KafkaClientSecurity.of(mode(), material.files(), principal, GroupSecurity.VALID);
    }

    /** How kafkasim's own Kafka clients connect. */
    public KafkaClientSecurity kafkaAdmin() {
        return kafka(Principals.ADMIN);
    }

    /** How the embedded MQTT broker secures its listener (passwords of the devices and jobs, ACL, TLS). */
    public MqttBrokerSecurity mqttBroker() {
        return material == null ? MqttBrokerSecurity.PLAIN
                : MqttBrokerSecurity.of(material, settings, deviceTypes);
    }

    /** Per device type, how its group's MQTT clients connect (with the scenario's deviations). */
    public Map<String, MqttClientSecurity> mqttDevices() {
        return material == null ? Map.of()
                : MqttTransportConfig.deviceSecurity(mode(), settings, material.files(), deviceTypes);
    }

    /** Job name → how that job's MQTT source connects. */
    public Map<String, MqttClientSecurity> mqttJobs() {
        Map<String, MqttClientSecurity> jobs = new LinkedHashMap<>();
        if (material != null) {
            JobSettings.NAMES.forEach(job -> jobs.put(job, MqttClientSecurity.of(mode(), material.files(),
                    Principals.job(job), GroupSecurity.VALID)));
        }
        return jobs;
    }

    /** Job name → how that job's Kafka clients connect. */
    public Map<String, KafkaClientSecurity> kafkaJobs() {
        Map<String, KafkaClientSecurity> jobs = new LinkedHashMap<>();
        JobSettings.NAMES.forEach(job -> jobs.put(job, kafka(Principals.job(job))));
        return jobs;
    }

    /**
     * How the generator's clients connect to Kafka: the loggers as {@code logger}; the devices, in a mode that
     * authenticates, each group as its principal with the scenario's deviation (a TLS-only run's devices share
     * one anonymous identity).
     */
    public GeneratorSecurity generator(Scenario s) {
        if (material == null) {
            return GeneratorSecurity.PLAIN;
        }
        Map<String, KafkaClientSecurity> byType = new LinkedHashMap<>();
        if (mode().authenticates()) {
            for (DeviceGroup g : s.devices()) {
                byType.put(g.type(), KafkaClientSecurity.of(mode(), material.files(), Principals.devices(g.type()),
                        settings.group(g.type()).credentials()));
            }
        }
        // TLS only: every device the same anonymous client; else each group its own principal and no default
        return new GeneratorSecurity(kafka(Principals.LOGGER), mode().authenticates() ? KafkaClientSecurity.NONE
                : KafkaClientSecurity.of(mode(), material.files(), Principals.ADMIN, GroupSecurity.NONE), byType,
                mqttDevices());
    }

    /**
     * Writes the run's Kafka ACLs ({@link KafkaAcls}) as kafkasim's super user; returns how many bindings.
     */
    public int grantKafkaAcls(String bootstrap, Scenario s, String runId, long timeoutMs) throws Exception {
        List<AclBinding> acls = KafkaAcls.of(s, runId);
        Properties p = kafkaAdmin().applyTo(new Properties());
        p.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        p.put(AdminClientConfig.CLIENT_ID_CONFIG, "kafkasim-acls");
        try (Admin admin = Admin.create(p)) {
            KafkaAcls.apply(admin, acls, timeoutMs);
        }
        return acls.size();
    }

    @Override
    public String toString() {
        return "RunSecurity[" + mode() + (settings.acl() ? ", acl" : "") + "]";
    }
}

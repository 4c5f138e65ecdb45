package kafkasim.simulation.security;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.common.acl.AccessControlEntry;
import org.apache.kafka.common.acl.AclBinding;
import org.apache.kafka.common.acl.AclOperation;
import org.apache.kafka.common.acl.AclPermissionType;
import org.apache.kafka.common.resource.PatternType;
import org.apache.kafka.common.resource.ResourcePattern;
import org.apache.kafka.common.resource.ResourceType;

import kafkasim.common.jobs.JobSettings;
import kafkasim.common.jobs.JobSpec;
import kafkasim.common.scenario.BrokerKind;
import kafkasim.common.scenario.DeviceGroup;
import kafkasim.common.scenario.Scenario;
import kafkasim.common.security.Principals;
import kafkasim.common.security.SecuritySettings;

/**
 * The run's Kafka ACLs, least privilege: each device group may only write the telemetry topic (a group outside
 * its ACL gets nothing), each path job may only read it in its own consumer group and write its metric records
 * to the log topic (the fast path also its alerts), the report job may only read the log and alerts topics, and
 * the loggers may only write the log topic. Written to the broker by kafkasim's super user before any client
 * starts.
 */
public final class KafkaAcls {
    private KafkaAcls() {
    }

    /** The bindings of run {@code runId}. */
    public static List<AclBinding> of(Scenario s, String runId) {
        SecuritySettings sec = s.securityOrPlain();
        List<AclBinding> acls = new ArrayList<>();
        String telemetry = s.kafka().topic();
        String log = s.kafka().logTopic();
        String alerts = s.kafka().alertsTopic();
        boolean kafkaRun = s.brokerKind() == BrokerKind.KAFKA;
        if (kafkaRun) {
            for (DeviceGroup g : s.devices()) {
                if (sec.group(g.type()).withDefaults().withinAcl()) {
                    acls.add(topic(Principals.devices(g.type()), telemetry, AclOperation.WRITE));
                }
            }
        }
        acls.add(topic(Principals.LOGGER, log, AclOperation.WRITE));
        for (String job : List.of(JobSettings.FAST, JobSettings.MEDIUM, JobSettings.SLOW)) {
            String principal = Principals.job(job);
            if (kafkaRun) {
                acls.add(topic(principal, telemetry, AclOperation.READ));
                acls.add(group(principal, JobSpec.defaultGroupId(job, runId)));
            }
            acls.add(topic(principal, log, AclOperation.WRITE));
            // the jobs make sure the topics they write exist (they do: kafkasim made them): that needs DESCRIBE
            acls.add(topic(principal, alerts, AclOperation.DESCRIBE));
        }
        acls.add(topic(Principals.job(JobSettings.FAST), alerts, AclOperation.WRITE));
        String report = Principals.job(JobSettings.REPORT);
        acls.add(topic(report, log, AclOperation.READ));
        acls.add(topic(report, alerts, AclOperation.READ));
        acls.add(group(report, JobSpec.defaultGroupId(JobSettings.REPORT, runId)));
        return acls;
    }

    /** Writes {@code acls} to the cluster and waits until the controller has them. */
    public static void apply(Admin admin, List<AclBinding> acls, long timeoutMs) throws Exception {
        admin.createAcls(acls).all().get(timeoutMs, TimeUnit.MILLISECONDS);
    }

    private static AclBinding topic(String principal, String topic, AclOperation operation) {
        return allow(principal, new ResourcePattern(ResourceType.TOPIC, topic, PatternType.LITERAL), operation);
    }

    private static AclBinding group(String principal, String groupId) {
        return allow(principal, new ResourcePattern(ResourceType.GROUP, groupId, PatternType.LITERAL),
                AclOperation.READ);
    }

    private static AclBinding allow(String principal, ResourcePattern resource, AclOperation operation) {
        return new AclBinding(resource, new AccessControlEntry("User:" + principal, "*", operation,
                AclPermissionType.ALLOW));
    }
}

package kafkasim.simulation.submit;

import kafkasim.common.security.MqttClientSecurity;

import kafkasim.common.security.KafkaClientSecurity;

import java.util.Map;

/**
 * Where the consumer jobs read and write, as seen FROM THE FLINK CLUSTER (with docker-compose that is
 * {@code kafka:29092}, not the host's {@code 127.0.0.1:9092}).
 *
 * @param runId        tags every metric record and report row of the run
 * @param bootstrap    Kafka bootstrap servers (the telemetry topic in a Kafka run; the log and alerts topics always)
 * @param mqttUrl      the MQTT broker the path jobs subscribe to in an MQTT run, else null
 * @param jdbcUrl      PostgreSQL for the medium path and the reports
 * @param jdbcPassword may be null (trust authentication)
 * @param filesDir     the slow path's "file server" directory
 */
public record JobTargets(String runId, String bootstrap, String topic, String logTopic, String alertsTopic,
                         String mqttUrl, String jdbcUrl, String jdbcUser, String jdbcPassword, String filesDir,
                         Map<String, KafkaClientSecurity> kafkaSecurityByJob,
                         Map<String, MqttClientSecurity> mqttSecurityByJob) {
    public JobTargets(String runId, String bootstrap, String topic, String logTopic, String alertsTopic,
                      String mqttUrl, String jdbcUrl, String jdbcUser, String jdbcPassword, String filesDir) {
        this(runId, bootstrap, topic, logTopic, alertsTopic, mqttUrl, jdbcUrl, jdbcUser, jdbcPassword, filesDir,
                null, null);
    }

    public JobTargets {
        kafkaSecurityByJob = kafkaSecurityByJob == null ? Map.of() : Map.copyOf(kafkaSecurityByJob);
        mqttSecurityByJob = mqttSecurityByJob == null ? Map.of() : Map.copyOf(mqttSecurityByJob);
    }

    /** How job {@code job}'s MQTT source connects (null: plain). */
    public MqttClientSecurity mqttSecurity(String job) {
        return mqttSecurityByJob.get(job);
    }

    /** How job {@code job}'s Kafka clients connect (plaintext when not given). */
    public KafkaClientSecurity kafkaSecurity(String job) {
        return kafkaSecurityByJob.getOrDefault(job, KafkaClientSecurity.NONE);
    }
}

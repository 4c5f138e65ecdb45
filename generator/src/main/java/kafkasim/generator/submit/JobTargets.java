package kafkasim.generator.submit;

/**
 * Where the consumer jobs read and write, as seen FROM THE FLINK CLUSTER (with docker-compose that is
 * {@code kafka:29092}, not the host's {@code 127.0.0.1:9092}).
 *
 * @param runId        tags every metric record and report row of the run
 * @param bootstrap    Kafka bootstrap servers
 * @param jdbcUrl      PostgreSQL for the medium path and the reports
 * @param jdbcPassword may be null (trust authentication)
 * @param filesDir     the slow path's "file server" directory
 */
public record JobTargets(String runId, String bootstrap, String topic, String logTopic, String alertsTopic,
                         String jdbcUrl, String jdbcUser, String jdbcPassword, String filesDir) {
    /** The consumer group of one job: every path consumes the whole topic, like a separate service. */
    public String groupId(String job) {
        return "kafkasim-" + job + "-" + runId;
    }
}

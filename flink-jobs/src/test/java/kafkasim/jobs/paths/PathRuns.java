package kafkasim.jobs.paths;

import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import kafkasim.jobs.common.JobEnvironments;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

/** Running a path pipeline on the test MiniCluster until its metric records say it is done. */
final class PathRuns {
    static final Duration TIMEOUT = Duration.ofSeconds(60);
    static final long CHECKPOINT_INTERVAL_MS = 500;

    private PathRuns() {
    }

    /** The MiniCluster's environment with the jobs' settings and 500 ms checkpoints. */
    static StreamExecutionEnvironment environment(int parallelism) {
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        env.setParallelism(parallelism);
        JobEnvironments.configure(env, CHECKPOINT_INTERVAL_MS);
        return env;
    }

    /** Runs until the metric records show {@code expected} records received; see {@link #runUntil}. */
    static LogTopicReader runUntilReceived(StreamExecutionEnvironment env, String bootstrap, String logTopic,
                                           long expected) throws Exception {
        return runUntil(env, bootstrap, logTopic, r -> r.sum("received") >= expected, expected + " received");
    }

    /**
     * Runs the job until {@code done} holds for its metric records, then 1.5 s more (a late double count would
     * show), cancels it and reads what the closing subtasks published.
     */
    static LogTopicReader runUntil(StreamExecutionEnvironment env, String bootstrap, String logTopic,
                                   Predicate<LogTopicReader> done, String what) throws Exception {
        JobClient job = env.executeAsync(logTopic);
        LogTopicReader log = new LogTopicReader(bootstrap, logTopic);
        try {
            log.pollUntil(done, TIMEOUT, what + " on " + logTopic);
            log.pollFor(Duration.ofMillis(1500));
        } finally {
            job.cancel().get(30, TimeUnit.SECONDS);
            awaitTermination(job);
            log.pollFor(Duration.ofSeconds(1));
            log.close();
        }
        return log;
    }

    static void awaitTermination(JobClient job) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (!job.getJobStatus().get(10, TimeUnit.SECONDS).isGloballyTerminalState()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("job did not terminate");
            }
            Thread.sleep(100);
        }
    }
}

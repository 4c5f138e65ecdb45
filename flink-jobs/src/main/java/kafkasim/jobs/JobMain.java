package kafkasim.jobs;

import kafkasim.common.jobs.InvalidJobSpecException;
import kafkasim.common.jobs.JobSettings;
import kafkasim.common.jobs.JobSpec;
import kafkasim.jobs.fast.FastPathJob;
import kafkasim.jobs.medium.MediumPathJob;
import kafkasim.jobs.report.ReportJob;
import kafkasim.jobs.slow.SlowPathJob;

/**
 * The one entry class of the jobs jar: {@code --spec <json>}, the job's {@link JobSpec}, which names the job
 * (fast, medium, slow or report) and holds everything it runs with. Each job is a separate Flink job with its own
 * consumer group; submit the jar once per job.
 *
 * <p>A bad spec throws {@link InvalidJobSpecException} listing every problem by its field (the Flink client and
 * REST API show the message); the method never calls {@code System.exit}, which would take the JobManager down when
 * the jar runs through the REST API.
 */
public final class JobMain {
    private JobMain() {
    }

    public static void main(String[] args) throws Exception {
        run(JobSpec.fromArgs(args));
    }

    /** Runs the job {@code spec} names; returns when it ends. */
    public static void run(JobSpec spec) throws Exception {
        JobSettings job = spec.job();
        if (job instanceof JobSettings.Fast fast) {
            FastPathJob.run(spec, fast);
        } else if (job instanceof JobSettings.Medium medium) {
            MediumPathJob.run(spec, medium);
        } else if (job instanceof JobSettings.Slow slow) {
            SlowPathJob.run(spec, slow);
        } else if (job instanceof JobSettings.Report report) {
            ReportJob.run(spec, report);
        } else { // JobSettings is sealed: a new job fails here until it has its entry
            throw new IllegalStateException("no entry for job " + job.name());
        }
    }
}

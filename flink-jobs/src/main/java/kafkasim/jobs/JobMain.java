package kafkasim.jobs;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.util.Map;
import kafkasim.jobs.fast.FastPathJob;
import kafkasim.jobs.medium.MediumPathJob;
import kafkasim.jobs.slow.SlowPathJob;

/**
 * The one entry class of the jobs jar: {@code --job fast|medium|slow|report} plus that job's flags (see
 * {@link JobOptions}). Each job is a separate Flink job with its own consumer group; submit the jar once per job.
 *
 * <p>Bad flags throw {@link JobOptions.InvalidOptionsException} (the Flink client and REST API show its message,
 * which names the flag); the method never calls {@code System.exit}, which would take the JobManager down when the
 * jar runs through the REST API.
 */
public final class JobMain {
    /** The aggregation job, written separately; called reflectively so this class compiles without it. */
    static final String REPORT_JOB_CLASS = "kafkasim.jobs.report.ReportJob";

    private JobMain() {
    }

    public static void main(String[] args) throws Exception {
        run(JobOptions.parse(args));
    }

    /** Runs the job {@code options} name; returns when it ends. */
    public static void run(JobOptions options) throws Exception {
        switch (options.job()) {
            case JobOptions.FAST -> FastPathJob.run(options);
            case JobOptions.MEDIUM -> MediumPathJob.run(options);
            case JobOptions.SLOW -> SlowPathJob.run(options);
            case JobOptions.REPORT -> runReport(options);
            default -> throw new JobOptions.InvalidOptionsException("no job named '" + options.job() + "'");
        }
    }

    /**
     * Calls the aggregation job with the parsed flags: {@code ReportJob.run(Map<String, String>)} (flag names
     * without dashes, as {@link JobOptions#flags()}), or {@code ReportJob.run(JobOptions)} if that is what it offers.
     * Reflective, so that this class compiles and the path jobs run without the report package.
     */
    static void runReport(JobOptions options) throws Exception {
        Class<?> reportJob;
        try {
            reportJob = Class.forName(REPORT_JOB_CLASS);
        } catch (ClassNotFoundException e) {
            throw new IllegalStateException("--job report needs " + REPORT_JOB_CLASS + ", which is not in this jar", e);
        }
        Method run;
        Object argument;
        try {
            run = reportJob.getMethod("run", Map.class);
            argument = options.flags();
        } catch (NoSuchMethodException noMapVariant) {
            try {
                run = reportJob.getMethod("run", JobOptions.class);
                argument = options;
            } catch (NoSuchMethodException e) {
                throw new IllegalStateException(REPORT_JOB_CLASS + " has neither run(Map) nor run(JobOptions)", e);
            }
        }
        try {
            run.invoke(null, argument);
        } catch (InvocationTargetException e) {
            Throwable cause = e.getCause();
            if (cause instanceof Exception ex) {
                throw ex;
            }
            if (cause instanceof Error err) {
                throw err;
            }
            throw e;
        }
    }
}

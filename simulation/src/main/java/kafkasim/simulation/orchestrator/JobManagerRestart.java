package kafkasim.simulation.orchestrator;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import kafkasim.infra.flink.CompletedCheckpoints;
import kafkasim.infra.flink.EmbeddedFlink;
import kafkasim.simulation.submit.JobSubmitter;

/**
 * {@code kill-jobmanager}: SIGKILL to the embedded Flink JobManager, then what an operator or supervisor of a
 * standalone cluster without HA does. Without ZooKeeper or Kubernetes HA a JobManager keeps its jobs and their
 * completed checkpoints in memory only, so a new one starts empty: kafkasim starts it on the same ports and
 * configuration (the running TaskManagers re-register with it, the REST address stays), then resubmits each job of
 * the run from its latest completed checkpoint on disk ({@link CompletedCheckpoints}); a job that has none starts
 * fresh, and the fault's record says so.
 */
final class JobManagerRestart {
    private JobManagerRestart() {
    }

    /** Kills, restarts and resubmits; returns what happened, for the fault's {@code applied}. */
    static String killAndRestart(EmbeddedFlink flink, ConsumerRun consumers) {
        List<JobSubmitter.SubmittedJob> before = consumers.jobs();
        long t0 = System.nanoTime();
        long killedPid = flink.killJobManager();
        long newPid = flink.restartJobManager();
        double restartSec = (System.nanoTime() - t0) / 1e9;
        // chosen once the old JobManager is dead: no checkpoint of the old jobs can complete any more
        Map<String, String> restoreFrom = new LinkedHashMap<>();
        Map<String, String> fromByJob = new LinkedHashMap<>();
        for (JobSubmitter.SubmittedJob j : before) {
            Optional<CompletedCheckpoints.Checkpoint> latest = CompletedCheckpoints.latest(flink.checkpointDir(),
                    j.jobId());
            latest.ifPresent(c -> restoreFrom.put(j.name(), c.dir().toString()));
            fromByJob.put(j.name(), latest.map(c -> "from " + c.name()).orElse("fresh (no completed checkpoint)"));
        }
        long t1 = System.nanoTime();
        List<JobSubmitter.SubmittedJob> after = consumers.resubmit(restoreFrom);
        double resubmitSec = (System.nanoTime() - t1) / 1e9;
        List<String> jobs = new ArrayList<>();
        for (JobSubmitter.SubmittedJob j : after) {
            jobs.add(j.name() + " " + fromByJob.getOrDefault(j.name(), "fresh (not running before)") + " as "
                    + j.jobId());
        }
        return String.format(Locale.ROOT, "SIGKILL to the JobManager (pid %d); a new JobManager (pid %d) on the same"
                        + " ports, TaskManagers registered, in %.1f s; %d jobs resubmitted from their latest"
                        + " checkpoints, running in %.1f s: %s", killedPid, newPid, restartSec, after.size(),
                resubmitSec, String.join(", ", jobs));
    }
}

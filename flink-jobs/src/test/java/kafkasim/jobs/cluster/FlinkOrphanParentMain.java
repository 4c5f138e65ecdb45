package kafkasim.jobs.cluster;

import java.nio.file.Path;

import kafkasim.common.process.ParentWatch;
import kafkasim.infra.flink.EmbeddedFlink;

/**
 * Test helper run as a child JVM by {@link EmbeddedFlinkIT}: starts an {@link EmbeddedFlink} with one TaskManager
 * (its JVMs are thus grandchildren of the test JVM), prints {@code JOBMANAGER_PID <pid>}, {@code TASKMANAGER_PID
 * <pid>} and {@code READY <rest url>}, then sleeps until it is killed.
 */
public final class FlinkOrphanParentMain {
    private FlinkOrphanParentMain() {
    }

    public static void main(String[] args) throws InterruptedException {
        ParentWatch.start(0);
        try {
            EmbeddedFlink flink = EmbeddedFlink.start(Path.of(args[0]), 1);
            System.out.println("JOBMANAGER_PID " + flink.jobManagerPid());
            flink.taskManagerPids().forEach(pid -> System.out.println("TASKMANAGER_PID " + pid));
            System.out.println("READY " + flink.restUrl());
        } catch (RuntimeException e) {
            System.out.println("FAILED " + e.getMessage());
            System.exit(1);
        }
        System.out.flush();
        Thread.sleep(Long.MAX_VALUE);
    }
}

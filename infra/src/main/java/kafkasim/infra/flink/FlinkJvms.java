package kafkasim.infra.flink;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import kafkasim.common.process.ChildJvm;
import kafkasim.common.process.JitPolicy;

/**
 * Launches the cluster's JVMs as flink-dist's {@code jobmanager.sh}/{@code taskmanager.sh} would: BashJavaUtils'
 * memory flags and {@code -D} settings, {@code env.java.opts.*} of the rendered configuration, each under
 * {@code WatchedMain} so that it exits with this JVM.
 */
final class FlinkJvms {
    static final String WATCHED_MAIN = "kafkasim.common.process.WatchedMain";
    static final String JOBMANAGER_MAIN = "org.apache.flink.runtime.entrypoint.StandaloneSessionClusterEntrypoint";
    static final String TASKMANAGER_MAIN = "org.apache.flink.runtime.taskexecutor.TaskManagerRunner";

    private final FlinkLayout layout;
    private final FlinkDirs dirs;
    private final ResourceParams jmParams;
    private final ResourceParams tmParams;
    private final List<String> jmJavaOpts;
    private final List<String> tmJavaOpts;

    FlinkJvms(FlinkLayout layout, FlinkDirs dirs, ResourceParams jmParams, ResourceParams tmParams,
              Map<String, String> config) {
        this.layout = layout;
        this.dirs = dirs;
        this.jmParams = jmParams;
        this.tmParams = tmParams;
        this.jmJavaOpts = FlinkConfig.javaOpts(config, "jobmanager");
        this.tmJavaOpts = FlinkConfig.javaOpts(config, "taskmanager");
        this.tmJavaOpts.addAll(JitPolicy.forThisHost()); // after the template's options: the host decides
    }

    /** A JobManager JVM logging to {@code log} (Flink's) and {@code out} (its stdout and stderr). */
    Process jobManager(Path log, Path out) throws IOException {
        List<String> jvm = new ArrayList<>(jmParams.jvmFlags());
        jvm.addAll(jmJavaOpts);
        List<String> args = new ArrayList<>(List.of("--configDir", dirs.confDir().toString()));
        args.addAll(jmParams.dynamicProperties());
        return launch("jobmanager", JOBMANAGER_MAIN, jvm, args, log, out, dirs.tmpDir());
    }

    /** TaskManager {@code name} (its resource id) on {@code rpcPort} and {@code dataPort}, its io.tmp.dirs {@code tmp}. */
    Process taskManager(String name, int rpcPort, int dataPort, Path log, Path out, Path tmp) throws IOException {
        List<String> jvm = new ArrayList<>(tmParams.jvmFlags());
        jvm.addAll(tmJavaOpts);
        List<String> args = new ArrayList<>(List.of("--configDir", dirs.confDir().toString()));
        args.addAll(tmParams.dynamicProperties());
        args.addAll(List.of(
                "-D", "taskmanager.rpc.port=" + rpcPort,
                "-D", "taskmanager.data.port=" + dataPort,
                "-D", "taskmanager.resource-id=" + name,
                "-D", "io.tmp.dirs=" + tmp));
        return launch(name, TASKMANAGER_MAIN, jvm, args, log, out, tmp);
    }

    private Process launch(String role, String mainClass, List<String> jvmFlags, List<String> args, Path log,
                           Path out, Path tmp) throws IOException {
        ChildJvm jvm = ChildJvm.of(WATCHED_MAIN).classpath(layout.classpath());
        jvmFlags.forEach(jvm::jvmArg);
        Process process = jvm
                .jvmArg("-Dlog.file=" + log)
                .jvmArg("-Dlog4j.configurationFile=" + dirs.confDir().resolve(FlinkConfig.LOG4J_FILE))
                // JVM-level temp files (Netty's native library, Snappy) land in the work dir too, not in /tmp
                .jvmArg("-Djava.io.tmpdir=" + tmp)
                .jvmArg("-Dkafkasim.flink.role=" + role) // makes the process easy to spot in ps/jps
                .arg(mainClass)
                .args(args)
                .workDir(dirs.workDir())
                .stdin(ProcessBuilder.Redirect.PIPE)
                .stdout(ProcessBuilder.Redirect.appendTo(out.toFile()))
                .stderr(ProcessBuilder.Redirect.appendTo(out.toFile()))
                .start();
        process.getOutputStream().close(); // Flink reads no stdin
        return process;
    }
}

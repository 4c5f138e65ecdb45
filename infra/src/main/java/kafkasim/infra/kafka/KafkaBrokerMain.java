package kafkasim.infra.kafka;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.lang.management.ManagementFactory;
import java.util.concurrent.TimeUnit;
import kafkasim.infra.ChildProcesses;

import kafkasim.common.process.ParentWatch;

/**
 * Main class of the broker child JVM that {@link EmbeddedKafka} starts: formats the KRaft storage (a no-op if it
 * is already formatted) and runs a combined broker+controller from {@code server.properties} until it is told to
 * stop (SIGTERM) or its parent disappears.
 *
 * <p>Usage: {@code KafkaBrokerMain SERVER_PROPERTIES CLUSTER_ID [SCRAM_USERS]}; SCRAM_USERS is an owner-only file
 * with one {@code --add-scram} value per line (the users a SASL run registers when the storage is formatted). Exit codes: 0 clean stop or parent gone,
 * {@value #EXIT_USAGE} bad arguments, {@value #EXIT_FORMAT_FAILED} storage format failed, 1 broker failure
 * (Kafka's own code).
 */
public final class KafkaBrokerMain {
    public static final int EXIT_USAGE = 64;
    public static final int EXIT_FORMAT_FAILED = 65;
    /** Lines this class writes to the broker log start with this marker. */
    static final String MARKER = ChildProcesses.LAUNCHER_MARKER;
    static final String FORMATTED = MARKER + "storage format step took ";

    private KafkaBrokerMain() {
    }

    /** Writes the SCRAM users' file with owner-only permissions from the start. */
    static void writeScramFile(Path file, List<String> users) throws IOException {
        Files.deleteIfExists(file);
        Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        Files.write(file, users);
    }

    public static void main(String[] args) {
        // first thing: never outlive the process that started us
        ParentWatch.start(0);
        if (args.length != 2 && args.length != 3) {
            System.err.println(MARKER + "usage: KafkaBrokerMain SERVER_PROPERTIES CLUSTER_ID [SCRAM_USERS]");
            System.exit(EXIT_USAGE);
        }
        String properties = args[0];
        String clusterId = args[1];

        PrintStream out = System.out;
        out.println(MARKER + "broker JVM pid " + ProcessHandle.current().pid() + " up in "
                + ManagementFactory.getRuntimeMXBean().getUptime() + " ms");
        long t0 = System.nanoTime();
        int rc;
        try {
            List<String> format = new ArrayList<>(List.of("format", "--cluster-id", clusterId, "--config", properties,
                    "--ignore-formatted"));
            if (args.length == 3) {
                for (String user : Files.readAllLines(Path.of(args[2]))) {
                    if (!user.isBlank()) {
                        format.add("--add-scram");
                        format.add(user);
                    }
                }
            }
            rc = kafka.tools.StorageTool.execute(format.toArray(String[]::new), out);
            if (args.length == 3) {
                // the users are in the metadata log now: their passwords need not stay on disk here
                Files.deleteIfExists(Path.of(args[2]));
            }
        } catch (Throwable e) {
            System.err.println(MARKER + "storage format failed for " + properties + ": " + e);
            e.printStackTrace();
            System.err.flush();
            System.exit(EXIT_FORMAT_FAILED);
            return;
        }
        if (rc != 0) {
            System.err.println(MARKER + "storage format failed for " + properties + " (StorageTool exit code " + rc
                    + ")");
            System.err.flush();
            System.exit(EXIT_FORMAT_FAILED);
        }
        out.println(FORMATTED + TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0) + " ms");
        out.flush();

        // blocks until shutdown; installs Kafka's own shutdown hook (SIGTERM -> clean shutdown) and exits the JVM
        kafka.Kafka.main(new String[] {properties});
    }
}

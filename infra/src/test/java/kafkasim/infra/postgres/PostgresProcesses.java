package kafkasim.infra.postgres;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/** Test helper: processes whose command line names a data directory, read from /proc. */
final class PostgresProcesses {
    private PostgresProcesses() {
    }

    /** Live (non-zombie) processes whose command line contains {@code dataDir}: "pid cmdline" strings. */
    static List<String> mentioning(Path dataDir) {
        String needle = dataDir.toString();
        List<String> found = new ArrayList<>();
        try (Stream<Path> procs = Files.list(Path.of("/proc"))) {
            procs.filter(p -> p.getFileName().toString().matches("\\d+")).forEach(p -> {
                try {
                    String cmdline = new String(Files.readAllBytes(p.resolve("cmdline")), StandardCharsets.UTF_8)
                            .replace('\0', ' ').trim();
                    if (cmdline.contains(needle) && !isZombie(p)) {
                        found.add(p.getFileName() + " " + cmdline);
                    }
                } catch (IOException | RuntimeException gone) {
                    // exited while we looked
                }
            });
        } catch (IOException e) {
            throw new IllegalStateException("cannot list /proc", e);
        }
        return found;
    }

    /** Waits up to {@code millis} until no process mentions {@code dataDir}; returns what is left. */
    static List<String> awaitNoneMentioning(Path dataDir, long millis) throws InterruptedException {
        long deadline = System.nanoTime() + millis * 1_000_000L;
        List<String> left = mentioning(dataDir);
        while (!left.isEmpty() && System.nanoTime() < deadline) {
            Thread.sleep(50);
            left = mentioning(dataDir);
        }
        return left;
    }

    /** SIGKILL to every process that mentions {@code dataDir} (test clean-up). */
    static void killAllMentioning(Path dataDir) {
        for (String p : mentioning(dataDir)) {
            long pid = Long.parseLong(p.substring(0, p.indexOf(' ')));
            ProcessHandle.of(pid).ifPresent(h -> {
                h.descendants().forEach(ProcessHandle::destroyForcibly);
                h.destroyForcibly();
            });
        }
    }

    static boolean accepts(int port) {
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress("127.0.0.1", port), 500);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    private static boolean isZombie(Path proc) {
        try {
            String stat = Files.readString(proc.resolve("stat"));
            String afterName = stat.substring(stat.lastIndexOf(')') + 1).trim();
            return afterName.startsWith("Z") || afterName.startsWith("X");
        } catch (IOException | RuntimeException e) {
            return true;
        }
    }
}

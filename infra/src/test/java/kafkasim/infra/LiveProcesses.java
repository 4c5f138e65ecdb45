package kafkasim.infra;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/** Test helper: whether a process still runs, for the "no process outlives its parent" tests. */
public final class LiveProcesses {
    private LiveProcesses() {
    }

    /** Alive and not a zombie (an orphan is reaped by whatever adopts it; a slow reaper must not fail a test). */
    public static boolean alive(long pid) {
        Optional<ProcessHandle> handle = ProcessHandle.of(pid);
        if (handle.isEmpty() || !handle.get().isAlive()) {
            return false;
        }
        try {
            String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
            String afterName = stat.substring(stat.lastIndexOf(')') + 1).trim();
            return !afterName.startsWith("Z") && !afterName.startsWith("X");
        } catch (IOException | RuntimeException e) {
            return !Files.isDirectory(Path.of("/proc")) && handle.get().isAlive(); // no procfs: trust the handle
        }
    }
}

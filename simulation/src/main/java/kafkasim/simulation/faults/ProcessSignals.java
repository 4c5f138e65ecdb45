package kafkasim.simulation.faults;

import java.io.IOException;
import java.util.concurrent.TimeUnit;

/**
 * SIGSTOP and SIGCONT, which Java cannot send: a broker that hangs instead of dying. The JDK's {@code ProcessHandle}
 * only terminates, so this runs {@code kill -STOP/-CONT PID}. Because a stopped process cannot notice that its
 * parent died, every pause also starts a guard ({@code sleep N; kill -CONT PID}) that continues it even if kafkasim
 * is killed meanwhile; the continued broker then sees its parent gone and exits (no process outlives its parent for
 * longer than the pause it was given).
 */
public final class ProcessSignals {
    private ProcessSignals() {
    }

    /** Stops {@code pid}; returns the guard that continues it after {@code guardSec} in any case. */
    public static Process stop(long pid, int guardSec) {
        signal("-STOP", pid);
        try {
            return new ProcessBuilder("sh", "-c", "sleep " + guardSec + "; kill -CONT " + pid)
                    .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        } catch (IOException e) {
            signal("-CONT", pid);
            throw new FaultTargets.FaultException("could not start the guard of a paused process: " + e.getMessage());
        }
    }

    /** Continues {@code pid} and ends its guard. */
    public static void resume(long pid, Process guard) {
        signal("-CONT", pid);
        if (guard != null) {
            guard.descendants().forEach(ProcessHandle::destroy);
            guard.destroy();
        }
    }

    /** The process state letter of {@code /proc/PID/stat} ({@code T} = stopped), or "?" if it cannot be read. */
    public static String state(long pid) {
        try {
            String stat = java.nio.file.Files.readString(java.nio.file.Path.of("/proc/" + pid + "/stat"));
            int close = stat.lastIndexOf(')');
            return close < 0 || close + 2 >= stat.length() ? "?" : stat.substring(close + 2, close + 3);
        } catch (IOException e) {
            return "?";
        }
    }

    private static void signal(String signal, long pid) {
        try {
            Process kill = new ProcessBuilder("kill", signal, Long.toString(pid)).redirectErrorStream(true).start();
            String output = new String(kill.getInputStream().readAllBytes()).trim();
            if (!kill.waitFor(10, TimeUnit.SECONDS) || kill.exitValue() != 0) {
                throw new FaultTargets.FaultException("kill " + signal + " " + pid + " failed: " + output);
            }
        } catch (IOException e) {
            throw new FaultTargets.FaultException("kill " + signal + " " + pid + " failed: " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new FaultTargets.FaultException("interrupted while sending " + signal + " to " + pid);
        }
    }
}

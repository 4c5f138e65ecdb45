package kafkasim.simulation.host;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/**
 * Reads the few Linux {@code /proc} files the host monitor needs, and parses them with small pure functions (tested
 * on fixture strings). Only whole-host and per-pid counters are read: nothing here runs inside a measured process.
 */
final class ProcFs {
    /** Linux's USER_HZ on every common architecture; used when {@code getconf CLK_TCK} cannot be run. */
    static final long DEFAULT_CLOCK_TICKS_PER_SEC = 100;

    /** Aggregate CPU time of all cores since boot, in clock ticks; busy = everything but idle and iowait. */
    record CpuTimes(long busyTicks, long totalTicks) {
        /** Busy percentage of all cores between {@code earlier} and this reading; NaN if no tick passed. */
        double busyPctSince(CpuTimes earlier) {
            long total = totalTicks - earlier.totalTicks;
            return total <= 0 ? Double.NaN : Math.max(0, Math.min(100, 100.0 * (busyTicks - earlier.busyTicks) / total));
        }
    }

    /**
     * The fields of {@code /proc/<pid>/stat} the monitor uses.
     *
     * @param startTicks when the process started, clock ticks after boot: with the pid, it names one process
     */
    record ProcessStat(long pid, String comm, long utimeTicks, long stimeTicks, long startTicks) {
        long cpuTicks() {
            return utimeTicks + stimeTicks;
        }
    }

    private final Path root;

    ProcFs(Path root) {
        this.root = root;
    }

    static ProcFs system() {
        return new ProcFs(Path.of("/proc"));
    }

    boolean available() {
        return Files.isReadable(root.resolve("stat")) && Files.isReadable(root.resolve("self").resolve("stat"));
    }

    /** The {@code cpu} line of {@code /proc/stat} (the first line: the kernel prints it first). */
    CpuTimes cpuTimes() throws IOException {
        try (BufferedReader in = Files.newBufferedReader(root.resolve("stat"), StandardCharsets.US_ASCII)) {
            return parseCpuLine(in.readLine());
        }
    }

    /** Cores the kernel counts in {@code /proc/stat} ({@code cpu0}, {@code cpu1}, …): what busy % is a share of. */
    int cores() throws IOException {
        return countCores(Files.readString(root.resolve("stat"), StandardCharsets.US_ASCII));
    }

    /** Seconds since boot × ticks per second, the scale of {@link ProcessStat#startTicks()}. */
    long uptimeTicks(long ticksPerSec) throws IOException {
        return parseUptimeTicks(Files.readString(root.resolve("uptime"), StandardCharsets.US_ASCII), ticksPerSec);
    }

    /** {@code /proc/<pid>/stat}, or null if the process is gone. */
    ProcessStat stat(long pid) throws IOException {
        try {
            return parseStat(Files.readString(root.resolve(Long.toString(pid)).resolve("stat"),
                    StandardCharsets.UTF_8));
        } catch (NoSuchFileException gone) {
            return null;
        }
    }

    /** Resident set size from {@code /proc/<pid>/status}; 0 if the process is gone or has no memory (zombie). */
    long rssBytes(long pid) throws IOException {
        try {
            return parseVmRssKb(Files.readString(root.resolve(Long.toString(pid)).resolve("status"),
                    StandardCharsets.UTF_8)) * 1024L;
        } catch (NoSuchFileException gone) {
            return 0;
        }
    }

    // ------------------------------------------------------------------------------------------------ parsing

    /** {@code cpu  user nice system idle iowait irq softirq steal guest guest_nice}; guest time is already in user. */
    static CpuTimes parseCpuLine(String line) {
        if (line == null || !line.startsWith("cpu ")) {
            throw new IllegalArgumentException("not the aggregate cpu line of /proc/stat: " + line);
        }
        String[] f = line.substring(4).trim().split("\\s+");
        if (f.length < 4) {
            throw new IllegalArgumentException("too few fields in /proc/stat cpu line: " + line);
        }
        long total = 0;
        // user, nice, system, idle, iowait, irq, softirq, steal (older kernels print fewer)
        for (int i = 0; i < Math.min(8, f.length); i++) {
            total += Long.parseLong(f[i]);
        }
        long idle = Long.parseLong(f[3]) + (f.length > 4 ? Long.parseLong(f[4]) : 0);
        return new CpuTimes(total - idle, total);
    }

    static int countCores(String procStat) {
        return (int) procStat.lines().filter(l -> l.startsWith("cpu") && l.length() > 3
                && Character.isDigit(l.charAt(3))).count();
    }

    static long parseUptimeTicks(String uptime, long ticksPerSec) {
        return Math.round(Double.parseDouble(uptime.trim().split("\\s+")[0]) * ticksPerSec);
    }

    /**
     * {@code pid (comm) state ppid …}: comm is the executable's name and may hold spaces and parentheses, so the
     * fields are counted after the <em>last</em> {@code ')'}. utime, stime and starttime are fields 14, 15, 22.
     */
    static ProcessStat parseStat(String line) {
        int open = line.indexOf('(');
        int close = line.lastIndexOf(')');
        if (open < 0 || close < open) {
            throw new IllegalArgumentException("not a /proc/<pid>/stat line: " + line);
        }
        long pid = Long.parseLong(line.substring(0, open).trim());
        String comm = line.substring(open + 1, close);
        // f[0] is field 3 (state)
        String[] f = line.substring(close + 1).trim().split("\\s+");
        if (f.length < 20) {
            throw new IllegalArgumentException("too few fields in /proc/" + pid + "/stat: " + line);
        }
        return new ProcessStat(pid, comm, Long.parseLong(f[14 - 3]), Long.parseLong(f[15 - 3]),
                Long.parseLong(f[22 - 3]));
    }

    /** {@code VmRSS:    123456 kB} of {@code /proc/<pid>/status}; 0 when absent (kernel threads, zombies). */
    static long parseVmRssKb(String status) {
        for (String line : status.split("\n")) {
            if (line.startsWith("VmRSS:")) {
                String[] parts = line.substring("VmRSS:".length()).trim().split("\\s+");
                if (parts.length != 2 || !parts[1].equals("kB")) {
                    throw new IllegalArgumentException("unexpected VmRSS line: " + line);
                }
                return Long.parseLong(parts[0]);
            }
        }
        return 0;
    }

    /**
     * {@code getconf CLK_TCK}: the unit of the per-process CPU times; -1 if it cannot be run (the caller then
     * assumes {@link #DEFAULT_CLOCK_TICKS_PER_SEC} and says so).
     */
    static long clockTicksPerSec() {
        try {
            Process p = new ProcessBuilder("getconf", "CLK_TCK").redirectErrorStream(true).start();
            p.getOutputStream().close();
            String out;
            try (InputStream in = p.getInputStream()) {
                out = new String(in.readNBytes(64), StandardCharsets.US_ASCII).trim();
            }
            if (!p.waitFor(5, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                return -1;
            }
            long ticks = p.exitValue() == 0 ? Long.parseLong(out) : -1;
            return ticks > 0 ? ticks : -1;
        } catch (IOException | NumberFormatException e) {
            return -1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return -1;
        }
    }
}

package kafkasim.infra.postgres;

import java.util.stream.Collectors;

import kafkasim.infra.ChildProcesses;

/** What postgres, initdb and the watcher write, read for messages: bind failures, first errors. */
final class PostgresLog {
    private PostgresLog() {
    }

    static boolean isBindFailure(String log) {
        return log.contains("could not bind") || log.contains("Address already in use")
                || log.contains("could not create any TCP/IP sockets");
    }

    /** What the log says, for an exception message: its first error and its last lines. */
    static String describe(String log) {
        String firstError = firstError(log);
        return (firstError.isEmpty() ? "" : "\nfirst error:\n  " + firstError) + "\nlast lines:\n"
                + ChildProcesses.tail(log);
    }

    /** The first FATAL/PANIC/ERROR line of postgres or initdb (or failure line of the watcher), else "". */
    static String firstError(String log) {
        for (String line : log.lines().collect(Collectors.toList())) {
            if (line.contains("FATAL:") || line.contains("PANIC:") || line.contains("ERROR:")
                    || line.startsWith("initdb: error") || line.startsWith("postgres: ")
                    || line.contains("\"root\" execution") || line.startsWith("setpriv:") || line.startsWith("runuser:")
                    || line.startsWith(PostgresWorkDir.MARKER)
                    && (line.contains("could not") || line.contains("exited on its own"))) {
                return line;
            }
        }
        return "";
    }
}

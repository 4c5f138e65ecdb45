package kafkasim.simulation.cli;

import java.io.IOException;
import java.io.PrintStream;
import kafkasim.simulation.dashboard.LiveDashboard;
import picocli.CommandLine.Option;

/** {@code --dashboard-port} and {@code --no-dashboard}, shared by {@code run} and {@code compare}. */
final class DashboardOptions {
    @Option(names = "--dashboard-port", paramLabel = "PORT", defaultValue = "0",
            description = "The live dashboard's port on 127.0.0.1 (default: a free port; its URL with the access"
                    + " token is printed).")
    int port;

    @Option(names = "--no-dashboard", description = "Run without the live dashboard (and its /metrics).")
    boolean disabled;

    /** Checks the flags (before anything starts). */
    void check() throws BadInputException {
        if (port < 0 || port > 65535) {
            throw new BadInputException("--dashboard-port must be 0..65535, got " + port);
        }
        if (disabled && port != 0) {
            throw new BadInputException("--dashboard-port and --no-dashboard exclude each other");
        }
    }

    /** The started dashboard, or null with {@code --no-dashboard}. */
    LiveDashboard start(PrintStream terminal) throws BadInputException {
        if (disabled) {
            return null;
        }
        try {
            return LiveDashboard.start(port, terminal);
        } catch (IOException e) {
            throw new BadInputException("--dashboard-port " + port + ": cannot listen on 127.0.0.1:" + port + ": "
                    + e.getMessage());
        }
    }
}

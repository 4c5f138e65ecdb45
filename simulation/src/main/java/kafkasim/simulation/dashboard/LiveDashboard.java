package kafkasim.simulation.dashboard;

import java.io.IOException;
import java.io.PrintStream;

/**
 * The dashboard of one {@code run} or {@code compare} command: its server (one for the whole command: the URL stays
 * the same across compare's two runs), the feed the running simulation publishes to, and the output lines it shows.
 */
public final class LiveDashboard implements AutoCloseable {
    static final int RECENT_LINES = 60;
    private final DashboardServer server;
    private final RecentLines lines;
    private final PrintStream out;
    private volatile String flinkWebUi;

    private LiveDashboard(DashboardServer server, RecentLines lines) {
        this.server = server;
        this.lines = lines;
        this.out = lines.printStream();
    }

    /**
     * Serves on 127.0.0.1:{@code port} (0: a free port) and prints its URL on {@code terminal}.
     *
     * @throws IOException if the port cannot be bound
     */
    public static LiveDashboard start(int port, PrintStream terminal) throws IOException {
        // the per-second progress lines are the charts; the page lists the others
        RecentLines lines = new RecentLines(terminal, RECENT_LINES, line -> !line.startsWith("["));
        LiveDashboard d = new LiveDashboard(DashboardServer.start(port, AccessToken.random(), new LiveFeed()), lines);
        d.out.println("dashboard: " + d.server.url());
        return d;
    }

    /** The terminal, with the lines kept for the page: what the run prints to. */
    public PrintStream out() {
        return out;
    }

    public String url() {
        return server.url();
    }

    public int port() {
        return server.port();
    }

    /** A run begins: its charts start empty, its actions are taken from now on. */
    public void attach(RunControls controls) {
        server.controls(controls);
    }

    /** The run stops: actions are refused (409) until the next one attaches. */
    public void detach() {
        server.controls(null);
    }

    /** A new run of the command starts: empty charts. */
    public void newRun(String flinkWebUi) {
        this.flinkWebUi = flinkWebUi;
        server.feed().clear();
    }

    public LiveFeed feed() {
        return server.feed();
    }

    public RecentLines lines() {
        return lines;
    }

    public String flinkWebUi() {
        return flinkWebUi;
    }

    @Override
    public void close() {
        server.close();
    }
}

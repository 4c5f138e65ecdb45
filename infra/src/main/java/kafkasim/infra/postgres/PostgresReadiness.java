package kafkasim.infra.postgres;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Properties;

import kafkasim.infra.launch.Readiness;
import kafkasim.infra.watcher.NativeServerMain;

/**
 * Ready is: our server answers JDBC on its port (its {@code data_directory} is ours: a foreign server that took the
 * port between choosing and binding is not) and database {@value EmbeddedPostgres#DATABASE} exists.
 */
final class PostgresReadiness {
    /** How a foreign server's answer starts. */
    static final String FOREIGN_SERVER = "another PostgreSQL";
    private static final String HOST = EmbeddedPostgres.HOST;

    private PostgresReadiness() {
    }

    /** Polls JDBC until the server answers, then creates the database if missing. */
    static Readiness await(Process watcher, int port, Path dataDir, long deadlineNanos) {
        String url = "jdbc:postgresql://" + HOST + ":" + port + "/postgres";
        Properties props = new Properties();
        props.setProperty("user", EmbeddedPostgres.USER);
        props.setProperty("connectTimeout", "2");
        props.setProperty("loginTimeout", "5");
        props.setProperty("socketTimeout", "30");
        props.setProperty("ApplicationName", "kafkasim-embedded-postgres");
        SQLException last = null;
        while (true) {
            if (!watcher.isAlive()) {
                int code = watcher.exitValue();
                return Readiness.exited(code, "the watcher JVM exited with code " + code + " before the server "
                        + "accepted connections" + (code == NativeServerMain.EXIT_SERVER_DIED ? " (postgres exited)" : ""));
            }
            if (System.nanoTime() - deadlineNanos > 0) {
                return Readiness.notReady("the server did not accept connections on " + HOST + ":" + port + " in time"
                        + (last == null ? "" : " (last attempt: " + last.getMessage() + ")"));
            }
            try (Connection c = DriverManager.getConnection(url, props)) {
                String servedDir = dataDirectory(c);
                if (!dataDir.toString().equals(servedDir)) {
                    // a foreign server took the port between choosing and binding, and ours could not bind
                    return Readiness.notReady(FOREIGN_SERVER + " (data directory " + servedDir + ") answers on "
                            + HOST + ":" + port);
                }
                createDatabase(c);
                return Readiness.ready();
            } catch (SQLException e) {
                last = e;
                // 57P03 = the database system is starting up; 08001/08004 = not listening yet
                sleep(25);
            }
        }
    }

    private static String dataDirectory(Connection c) throws SQLException {
        try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery("SHOW data_directory")) {
            return rs.next() ? rs.getString(1) : null;
        }
    }

    private static void createDatabase(Connection c) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT 1 FROM pg_database WHERE datname = ?")) {
            ps.setString(1, EmbeddedPostgres.DATABASE);
            try (ResultSet rs = ps.executeQuery()) {
                if (rs.next()) {
                    return;
                }
            }
        }
        try (Statement st = c.createStatement()) {
            st.execute("CREATE DATABASE " + EmbeddedPostgres.DATABASE);
        } catch (SQLException e) {
            if (!"42P04".equals(e.getSQLState())) { // duplicate_database: created concurrently
                throw e;
            }
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for PostgreSQL", e);
        }
    }
}

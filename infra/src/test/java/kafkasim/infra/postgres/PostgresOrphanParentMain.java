package kafkasim.infra.postgres;

import java.nio.file.Path;

import kafkasim.common.process.ParentWatch;

/**
 * Test helper run as a child JVM by {@link EmbeddedPostgresOrphanIT}: starts an {@link EmbeddedPostgres} in the
 * work directory {@code args[0]} (so its watcher is a grandchild and postgres a great-grandchild of the test JVM),
 * prints {@code PORT <port>}, {@code WATCHER_PID <pid>} and {@code SERVER_PID <pid>}, then sleeps until it is killed.
 */
public final class PostgresOrphanParentMain {
    private PostgresOrphanParentMain() {
    }

    public static void main(String[] args) throws InterruptedException {
        ParentWatch.start(0);
        try {
            EmbeddedPostgres pg = EmbeddedPostgres.start(Path.of(args[0]));
            System.out.println("WATCHER_PID " + pg.pid());
            System.out.println("SERVER_PID " + pg.serverPid());
            System.out.println("PORT " + pg.port());
        } catch (RuntimeException e) {
            System.out.println("FAILED " + e.getMessage());
            System.exit(1);
        }
        System.out.flush();
        Thread.sleep(Long.MAX_VALUE);
    }
}

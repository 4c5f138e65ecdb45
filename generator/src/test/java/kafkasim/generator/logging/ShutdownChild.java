package kafkasim.generator.logging;

import java.nio.file.Path;
import java.util.Map;

/**
 * Child JVM for {@link SimLogShutdownTest}: logs some records and then either calls System.exit without closing
 * the log ("exit") or waits to be terminated ("term"). Only the shutdown hook can flush them.
 */
public final class ShutdownChild {
    private ShutdownChild() {
    }

    public static void main(String[] args) throws Exception {
        Path logsDir = Path.of(args[0]);
        String mode = args[1];
        int records = Integer.parseInt(args[2]);
        SimLog log = SimLog.init(LogConfig.of("child", mode, logsDir));
        log.installCrashHandler();
        for (int i = 0; i < records; i++) {
            log.info("lifecycle", "record", Map.of("i", i));
        }
        if (mode.equals("exit")) {
            System.exit(0);
        }
        System.out.println("ready");
        System.out.flush();
        Thread.sleep(60_000);
    }
}

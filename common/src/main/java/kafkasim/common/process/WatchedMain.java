package kafkasim.common.process;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.util.Arrays;

/**
 * Runs another program's main class under {@link ParentWatch}, so a third-party process (Flink's JobManager and
 * TaskManager) also ends when its kafkasim parent dies. Usage: {@code WatchedMain REAL_MAIN_CLASS [ARGS...]}.
 * Reflection keeps this class free of any compile-time dependency on the program it wraps.
 */
public final class WatchedMain {
    static final int EXIT_ORPHANED = 3;
    static final int EXIT_USAGE = 64;

    private WatchedMain() {
    }

    public static void main(String[] args) throws Throwable {
        if (args.length == 0) {
            System.err.println("usage: WatchedMain MAIN_CLASS [ARGS...]");
            System.exit(EXIT_USAGE);
        }
        ParentWatch.start(EXIT_ORPHANED);
        Method main = Class.forName(args[0]).getMethod("main", String[].class);
        try {
            main.invoke(null, (Object) Arrays.copyOfRange(args, 1, args.length));
        } catch (InvocationTargetException e) {
            throw e.getCause();
        }
    }
}

package kafkasim.simulation.orchestrator;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import kafkasim.simulation.faults.FaultInjector;

/**
 * Lines typed on the orchestrator's stdin: {@code reload} (the manager re-reads its config file), {@code stop} (end
 * the run now), and faults ({@code kill-broker 1}, {@code pause-broker 1 5}, …: see {@link FaultInjector#typed}).
 * End of input changes nothing.
 */
final class Prompt {
    private Prompt() {
    }

    static void start(InputStream in, PrintStream out, ManagerProcess manager, FaultInjector faults,
                      Runnable stop) {
        Thread t = new Thread(() -> {
            try (BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
                String line;
                while ((line = reader.readLine()) != null) {
                    String command = line.trim();
                    if (command.equals("reload")) {
                        out.println("asking the manager to re-read its config file");
                        manager.reload();
                    } else if (command.equals("stop")) {
                        stop.run();
                    } else if (FaultInjector.isFaultCommand(command)) {
                        out.println(faults.typed(command));
                    } else if (!command.isEmpty()) {
                        out.println("unknown command \"" + command + "\" (try: reload, stop, kill-worker ID,"
                                + " kill-manager, kill-taskmanager INDEX, kill-jobmanager, kill-broker ID [SEC],"
                                + " pause-broker ID [SEC], stop-database [SEC])");
                    }
                }
            } catch (IOException ignored) {
                // no terminal: nothing to read
            }
        }, "stdin-commands");
        t.setDaemon(true);
        t.start();
    }
}

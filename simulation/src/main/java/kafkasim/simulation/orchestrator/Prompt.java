package kafkasim.simulation.orchestrator;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import kafkasim.simulation.dashboard.RunControls;
import kafkasim.simulation.faults.FaultInjector;

/**
 * Lines typed on the orchestrator's stdin, the same verbs as the dashboard's ({@link RunControl}): {@code reload},
 * {@code stop}, {@code pause}, {@code resume}, {@code scale TYPE count=N ratePerSec=R}, {@code workers N},
 * {@code reset [TYPE count=N ratePerSec=R | workers=N]}, and faults ({@code kill-broker 1}, {@code pause-broker 1 5},
 * …: see {@link FaultInjector#typed}). End of input changes nothing.
 */
final class Prompt {
    static final String USAGE = "try: reload, stop, pause, resume, scale TYPE count=N ratePerSec=R, workers N,"
            + " reset [TYPE count=N ratePerSec=R], kill-worker ID, kill-manager, kill-taskmanager INDEX,"
            + " kill-jobmanager, kill-broker ID [SEC], pause-broker ID [SEC], stop-database [SEC]";

    private Prompt() {
    }

    static void start(InputStream in, PrintStream out, RunControls controls) {
        Thread t = new Thread(() -> {
            try (BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
                String line;
                while ((line = reader.readLine()) != null) {
                    handle(line.trim(), out, controls);
                }
            } catch (IOException ignored) {
                // no terminal: nothing to read
            }
        }, "stdin-commands");
        t.setDaemon(true);
        t.start();
    }

    /** One typed line; the controls print what they did. */
    static void handle(String command, PrintStream out, RunControls controls) {
        if (command.isEmpty()) {
            return;
        }
        if (FaultInjector.isFaultCommand(command)) {
            controls.act("fault", Map.of("command", command), "prompt");
            return;
        }
        String[] words = command.split("\\s+");
        String verb = words[0];
        if (!RunControls.VERBS.contains(verb) || verb.equals("fault")) {
            out.println("unknown command \"" + command + "\" (" + USAGE + ")");
            return;
        }
        Map<String, String> params = new LinkedHashMap<>();
        for (int i = 1; i < words.length; i++) {
            int eq = words[i].indexOf('=');
            if (eq > 0) {
                params.put(words[i].substring(0, eq), words[i].substring(eq + 1));
            } else if (i == 1 && verb.equals("workers")) {
                params.put("count", words[i]);
            } else if (i == 1 && (verb.equals("scale") || verb.equals("reset"))) {
                params.put("type", words[i]);
            } else {
                out.println("\"" + words[i] + "\": arguments are NAME=VALUE (" + USAGE + ")");
                return;
            }
        }
        if (verb.equals("reset") && params.containsKey("workers")) {
            params.put("count", params.remove("workers"));
        }
        controls.act(verb, params, "prompt");
    }
}

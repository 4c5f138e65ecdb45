package kafkasim.infra.watcher;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * What {@link NativeServerMain} runs and how it stops it: the server's {@code name} (the file name of its program,
 * used in log lines and to find it under a launcher that forks), the signal that stops it gracefully, environment
 * variables to remove (by prefix) and to set, and its command line.
 *
 * <p>As a command line: {@code --name NAME --stop-signal SIG [--unset-env-prefix P] [--env K=V]... -- COMMAND...}.
 */
public record NativeServerSpec(String name, String stopSignal, String unsetEnvPrefix, Map<String, String> env,
                               List<String> command) {
    public NativeServerSpec {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(stopSignal, "stopSignal");
        Objects.requireNonNull(unsetEnvPrefix, "unsetEnvPrefix");
        env = Map.copyOf(env);
        command = List.copyOf(command);
        if (name.isBlank() || name.contains("/")) {
            throw new IllegalArgumentException("--name must be a program's file name, was '" + name + "'");
        }
        if (!stopSignal.matches("[A-Z0-9]+")) {
            throw new IllegalArgumentException("--stop-signal must be a signal name such as INT or TERM, was '"
                    + stopSignal + "'");
        }
        if (command.isEmpty()) {
            throw new IllegalArgumentException("the server's command is missing (after --)");
        }
        for (String key : env.keySet()) {
            if (key.isEmpty() || key.contains("=")) {
                throw new IllegalArgumentException("--env needs NAME=VALUE, got name '" + key + "'");
            }
        }
    }

    /**
     * Reads the command line written by {@link #toArgs()}.
     *
     * @throws IllegalArgumentException naming what is wrong
     */
    public static NativeServerSpec parse(List<String> args) {
        String name = null;
        String stopSignal = null;
        String prefix = "";
        Map<String, String> env = new LinkedHashMap<>();
        int i = 0;
        while (i < args.size() && !args.get(i).equals("--")) {
            String option = args.get(i);
            if (i + 1 >= args.size()) {
                throw new IllegalArgumentException(option + " needs a value");
            }
            String value = args.get(i + 1);
            switch (option) {
                case "--name" -> name = value;
                case "--stop-signal" -> stopSignal = value;
                case "--unset-env-prefix" -> prefix = value;
                case "--env" -> {
                    int eq = value.indexOf('=');
                    if (eq <= 0) {
                        throw new IllegalArgumentException("--env needs NAME=VALUE, got '" + value + "'");
                    }
                    env.put(value.substring(0, eq), value.substring(eq + 1));
                }
                default -> throw new IllegalArgumentException("unknown option " + option + "; usage: " + usage());
            }
            i += 2;
        }
        if (name == null || stopSignal == null || i >= args.size()) {
            throw new IllegalArgumentException("--name, --stop-signal and -- COMMAND are required; usage: " + usage());
        }
        return new NativeServerSpec(name, stopSignal, prefix, env, args.subList(i + 1, args.size()));
    }

    public static String usage() {
        return "--name NAME --stop-signal SIG [--unset-env-prefix P] [--env K=V]... -- COMMAND...";
    }

    public List<String> toArgs() {
        List<String> args = new ArrayList<>(List.of("--name", name, "--stop-signal", stopSignal));
        if (!unsetEnvPrefix.isEmpty()) {
            args.addAll(List.of("--unset-env-prefix", unsetEnvPrefix));
        }
        env.forEach((k, v) -> args.addAll(List.of("--env", k + "=" + v)));
        args.add("--");
        args.addAll(command);
        return args;
    }

    /** Removes the variables starting with {@link #unsetEnvPrefix()} (if any), then sets {@link #env()}. */
    public void applyTo(Map<String, String> environment) {
        if (!unsetEnvPrefix.isEmpty()) {
            environment.keySet().removeIf(k -> k.startsWith(unsetEnvPrefix));
        }
        environment.putAll(env);
    }
}

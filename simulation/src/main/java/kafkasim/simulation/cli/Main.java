package kafkasim.simulation.cli;

import kafkasim.common.scenario.ScenarioException;
import kafkasim.simulation.orchestrator.RunFailedException;
import picocli.CommandLine.Command;
import picocli.CommandLine;

/**
 * {@code kafkasim}: exit 0 on success, 1 on run failure, 2 on bad input (the message names the flag or field), 3 when
 * a run finished incomplete (its results are written; some path still had a backlog).
 */
@Command(name = "kafkasim", mixinStandardHelpOptions = true, version = "kafkasim 0.1.0",
        description = "Simulates IoT device fleets publishing to a real broker and measures the pipeline.",
        subcommands = {RunCommand.class, CompareCommand.class, GenerateCommand.class, SubmitCommand.class, QueryCommand.class,
            kafkasim.simulation.bench.BenchCommand.class})
public final class Main implements Runnable {
    public static final int EXIT_OK = 0;
    public static final int EXIT_FAILED = 1;
    public static final int EXIT_BAD_INPUT = 2;
    /** The run finished and wrote its results, but not every path completed every message (a backlog). */
    public static final int EXIT_INCOMPLETE = 3;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "a command is required (run, compare, generate, submit, query, bench)");
    }

    public static void main(String[] args) {
        System.exit(execute(args));
    }

    public static int execute(String... args) {
        return execute(null, args);
    }

    /** Runs the CLI; {@code err} (if not null) receives error messages instead of stderr. */
    public static int execute(java.io.PrintWriter err, String... args) {
        CommandLine cli = new CommandLine(new Main());
        if (err != null) {
            cli.setErr(err);
        }
        cli.setExecutionExceptionHandler((e, cmd, parsed) -> {
            if (e instanceof BadInputException || e instanceof ScenarioException) {
                cmd.getErr().println("kafkasim: " + e.getMessage());
                return EXIT_BAD_INPUT;
            }
            if (e instanceof RunFailedException) {
                cmd.getErr().println("kafkasim: run failed: " + e.getMessage()); // the message says it all
                return EXIT_FAILED;
            }
            cmd.getErr().println("kafkasim: run failed: " + e);
            if (e instanceof RuntimeException) {
                e.printStackTrace(cmd.getErr()); // unexpected: a bug report needs the trace
            }
            return EXIT_FAILED;
        });
        return cli.execute(args);
    }
}

package kafkasim.simulation.orchestrator;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.IntSupplier;
import kafkasim.common.json.Json;
import kafkasim.common.scenario.DeviceGroup;
import kafkasim.common.scenario.Scenario;
import kafkasim.common.scenario.ScenarioException;
import kafkasim.common.scenario.ScenarioLoader;
import kafkasim.generator.logging.SimLog;
import kafkasim.generator.plan.GeneratorConfig;
import kafkasim.generator.plan.GeneratorConfigFile;
import kafkasim.generator.plan.Planner;
import kafkasim.simulation.dashboard.RunControls;
import kafkasim.simulation.faults.FaultInjector;

/**
 * The verbs a user steers a running simulation with, from the prompt or the dashboard: stop, reload, pause, resume,
 * scale a device group, set the number of workers, reset (every worker stopped and started afresh from the edited
 * config), and every fault. An edit changes the run's scenario, is validated by the scenario's own loader, planned
 * by the generator's planner and written to the manager's config file: the same path a hand-edited config takes.
 * Every action, taken or refused, is printed, logged and kept for {@code summary.json}.
 */
final class RunControl implements RunControls {
    private final ManagerProcess manager;
    private final FaultInjector faults;
    private final Runnable stop;
    private final Path configFile;
    private final String clientBootstrap;
    private final String mqttUrl;
    private final IntSupplier cores;
    private final PrintStream out;
    private final SimLog log;
    private final java.util.function.LongSupplier clockStartMs;
    private final List<RunAction> actions = new ArrayList<>(); // guarded by this
    private Scenario scenario; // guarded by this: the run's scenario with every edit so far

    RunControl(Scenario scenario, ManagerProcess manager, FaultInjector faults, Runnable stop, Path configFile,
               String clientBootstrap, String mqttUrl, PrintStream out, SimLog log,
               java.util.function.LongSupplier clockStartMs) {
        this.scenario = scenario;
        this.manager = manager;
        this.faults = faults;
        this.stop = stop;
        this.configFile = configFile;
        this.clientBootstrap = clientBootstrap;
        this.mqttUrl = mqttUrl;
        this.cores = () -> Runtime.getRuntime().availableProcessors();
        this.out = out;
        this.log = log;
        this.clockStartMs = clockStartMs;
    }

    @Override
    public synchronized ActionResult act(String verb, Map<String, String> params, String source) {
        ActionResult result;
        try {
            result = switch (verb) {
                case "stop" -> {
                    stop.run();
                    yield new ActionResult(true, "stopping the run");
                }
                case "reload" -> {
                    manager.reload();
                    yield new ActionResult(true, "asking the manager to re-read its config file");
                }
                case "pause" -> {
                    manager.paused(true);
                    yield new ActionResult(true, "generation paused: devices send nothing until resume");
                }
                case "resume" -> {
                    manager.paused(false);
                    yield new ActionResult(true, "generation resumed");
                }
                case "scale" -> apply(edited(params, true), false);
                case "workers" -> apply(withWorkers(params), false);
                case "reset" -> apply(params.isEmpty() ? scenario
                        : params.containsKey("type") || params.containsKey("ratePerSec") ? edited(params, false)
                        : withWorkers(params), true);
                case "fault" -> fault(params.get("command"));
                default -> new ActionResult(false, "unknown action \"" + verb + "\" (actions: "
                        + String.join(", ", VERBS) + ")");
            };
        } catch (BadAction e) {
            result = new ActionResult(false, e.getMessage());
        }
        long now = System.currentTimeMillis();
        RunAction action = new RunAction(now, Math.round((now - clockStartMs.getAsLong()) / 100.0) / 10.0, source, verb,
                new LinkedHashMap<>(params), result.accepted(), result.message());
        actions.add(action);
        out.println("action (" + source + ") " + action.label() + ": " + (result.accepted() ? "" : "refused: ")
                + result.message());
        log.info("control", action.label(), Map.of("source", source, "accepted", result.accepted(),
                "message", result.message()));
        return result;
    }

    /** The device groups as the edits so far left them. */
    synchronized List<kafkasim.simulation.dashboard.LiveSnapshot.GroupLive> groups() {
        return scenario.devices().stream().map(g -> new kafkasim.simulation.dashboard.LiveSnapshot.GroupLive(
                g.type(), g.count(), g.ratePerSec())).toList();
    }

    /** Every action so far, in order. */
    synchronized List<RunAction> actions() {
        return List.copyOf(actions);
    }

    private ActionResult fault(String command) throws BadAction {
        if (command == null || !FaultInjector.isFaultCommand(command)) {
            throw new BadAction("command must be a fault, e.g. \"kill-worker 0\" or \"pause-broker 1 5\"; got "
                    + (command == null ? "none" : "\"" + command + "\""));
        }
        String answer = faults.typed(command);
        return new ActionResult(answer.startsWith("applying"), answer);
    }

    /** The scenario with one device group's count and/or rate changed. */
    private Scenario edited(Map<String, String> params, boolean needsChange) throws BadAction {
        List<DeviceGroup> groups = scenario.devices();
        String type = params.get("type");
        if (type == null && groups.size() > 1) {
            throw new BadAction("type is required: the scenario has " + groups.size() + " device groups ("
                    + String.join(", ", groups.stream().map(DeviceGroup::type).toList()) + ")");
        }
        String wanted = type == null ? groups.get(0).type() : type;
        DeviceGroup group = groups.stream().filter(g -> g.type().equals(wanted)).findFirst().orElseThrow(
                () -> new BadAction("type \"" + wanted + "\" is not a device group of the run (groups: "
                        + String.join(", ", groups.stream().map(DeviceGroup::type).toList()) + ")"));
        Integer count = params.containsKey("count") ? wholeNumber("count", params.get("count")) : null;
        Double rate = params.containsKey("ratePerSec") ? number("ratePerSec", params.get("ratePerSec")) : null;
        if (needsChange && count == null && rate == null) {
            throw new BadAction("scale needs count and/or ratePerSec");
        }
        DeviceGroup changed = new DeviceGroup(group.type(), count == null ? group.count() : count,
                rate == null ? group.ratePerSec() : rate, group.payloadBytes(), group.anomalyRate(), group.fields());
        List<DeviceGroup> next = groups.stream().map(g -> g == group ? changed : g).toList();
        return new Scenario(scenario.name(), scenario.durationSec(), scenario.workers(), scenario.broker(),
                scenario.kafka(), scenario.mqtt(), next, scenario.paths(), scenario.timeScale(), scenario.warmupSec(),
                scenario.faults(), scenario.security());
    }

    private Scenario withWorkers(Map<String, String> params) throws BadAction {
        if (!params.containsKey("count")) {
            throw new BadAction("workers needs count (the number of worker processes)");
        }
        int n = wholeNumber("count", params.get("count"));
        Scenario s = scenario;
        return new Scenario(s.name(), s.durationSec(), n, s.broker(), s.kafka(), s.mqtt(), s.devices(), s.paths(),
                s.timeScale(), s.warmupSec(), s.faults(), s.security());
    }

    /** Validates and plans {@code next}, writes the manager's config file, and has the manager apply it. */
    private ActionResult apply(Scenario next, boolean reset) throws BadAction {
        Scenario checked;
        try {
            checked = ScenarioLoader.parse(Json.mapper().writeValueAsString(next), "the edited scenario");
        } catch (ScenarioException e) {
            throw new BadAction(String.join("; ", e.problems()));
        } catch (IOException e) {
            throw new BadAction("cannot write the edited scenario: " + e.getMessage());
        }
        GeneratorConfig config;
        try {
            config = Planner.plan(checked.withDefaults(), clientBootstrap, mqttUrl, true, cores.getAsInt());
            GeneratorConfigFile.write(configFile, config);
        } catch (IOException | RuntimeException e) {
            throw new BadAction("cannot plan the edited scenario: " + e.getMessage());
        }
        scenario = next;
        String plan = config.workers().size() + " workers, " + config.deviceCount() + " devices, "
                + Math.round(config.ratePerSecTotal()) + " msg/s scheduled";
        if (reset) {
            manager.reset();
            return new ActionResult(true, "reset: every worker stops (flushing) and starts again with " + plan);
        }
        manager.reload();
        return new ActionResult(true, "config written: " + plan);
    }

    private static int wholeNumber(String name, String value) throws BadAction {
        try {
            return Integer.parseInt(value.trim());
        } catch (NumberFormatException e) {
            throw new BadAction(name + " must be a whole number, got \"" + value + "\"");
        }
    }

    private static double number(String name, String value) throws BadAction {
        try {
            return Double.parseDouble(value.trim());
        } catch (NumberFormatException e) {
            throw new BadAction(name + " must be a number, got \"" + value + "\"");
        }
    }

    /** A refused action: its message names the argument. */
    private static final class BadAction extends Exception {
        BadAction(String message) {
            super(message);
        }
    }
}

package kafkasim.simulation.faults;

import java.util.ArrayList;
import java.util.List;
import kafkasim.common.scenario.Fault;

/**
 * Which faults a run can apply, known before anything starts: a process kafkasim did not start (a broker, database
 * or Flink cluster given by address, or none at all in {@code generate}) cannot be killed from here. Checked with the
 * other flags, so such a scenario is bad input (exit 2), not a run that measures no failure.
 *
 * @param embeddedBroker   the telemetry broker is kafkasim's own
 * @param embeddedDatabase PostgreSQL is kafkasim's own
 * @param embeddedFlink    the Flink cluster is kafkasim's own
 * @param brokers          how many telemetry brokers the run has (node ids 1..brokers)
 */
public record FaultScope(boolean embeddedBroker, boolean embeddedDatabase, boolean embeddedFlink, int brokers) {
    /** Problems naming the fault ({@code faults[2]: …}) and the flag that rules it out. */
    public List<String> problems(List<Fault> faults, String brokerFlag) {
        List<String> problems = new ArrayList<>();
        for (int i = 0; i < faults.size(); i++) {
            Fault f = faults.get(i);
            String at = "faults[" + i + "] (" + f.action() + ")";
            switch (f.action()) {
                case Fault.KILL_BROKER, Fault.PAUSE_BROKER, Fault.NET_DELAY, Fault.NET_LOSS, Fault.NET_PARTITION -> {
                    if (!embeddedBroker) {
                        problems.add(at + " needs the embedded broker" + (brokerFlag == null ? ""
                                : ", but " + brokerFlag + " names an external one"));
                    } else if (Integer.parseInt(f.target()) > brokers) {
                        problems.add(at + ": broker " + f.target() + " does not exist (the run has " + brokers
                                + " broker" + (brokers == 1 ? ", node id 1)" : "s, node ids 1.." + brokers + ")"));
                    }
                }
                case Fault.STOP_DATABASE -> {
                    if (!embeddedDatabase) {
                        problems.add(at + " needs the embedded PostgreSQL (no --jdbc-url, and a command that runs"
                                + " the jobs)");
                    }
                }
                case Fault.KILL_TASKMANAGER, Fault.KILL_JOBMANAGER -> {
                    if (!embeddedFlink) {
                        problems.add(at + " needs the embedded Flink cluster (no --flink, and a command that runs"
                                + " the jobs)");
                    }
                }
                default -> {
                }
            }
        }
        return problems;
    }
}

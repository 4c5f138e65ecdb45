package kafkasim.infra.flink;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import kafkasim.infra.FreePorts;
import kafkasim.infra.StartException;

/**
 * Start-up paths of {@link EmbeddedFlink} that the happy path in flink-jobs' EmbeddedFlinkIT does not take: a REST
 * port taken by someone else (retried with fresh ports) and an unusable configuration (a clear StartException).
 */
class EmbeddedFlinkStartIT {

    @Test
    void aTakenPortIsRetriedWithFreshPorts(@TempDir Path dir) throws IOException {
        FlinkLayout layout = FlinkLayout.locate();
        AtomicInteger threePortPicks = new AtomicInteger();
        List<Long> pids = new ArrayList<>();
        try (ServerSocket squatter = new ServerSocket(0, 1, InetAddress.getByName(EmbeddedFlink.HOST))) {
            int taken = squatter.getLocalPort();
            EmbeddedFlink flink = EmbeddedFlink.start(dir.resolve("flink"), layout, 1,
                    EmbeddedFlink.DEFAULT_STARTUP_TIMEOUT, n -> {
                        int[] ports = FreePorts.pick(n);
                        if (n == 3 && threePortPicks.getAndIncrement() == 0) {
                            ports[0] = taken; // the REST port of the first attempt is already bound
                        }
                        return ports;
                    });
            try {
                pids.add(flink.jobManagerPid());
                pids.addAll(flink.taskManagerPids());
                assertEquals(2, threePortPicks.get(), "one retry");
                assertNotEquals(taken, flink.restPort());
                assertEquals(1, flink.client().overview().taskManagers());
                String log = Files.readString(flink.logDir().resolve("jobmanager.log"));
                assertTrue(log.contains("Address already in use") || log.contains("BindException"),
                        "the first attempt failed to bind");
            } finally {
                flink.close();
            }
            for (long pid : pids) {
                assertFalse(ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false), "pid " + pid);
            }
        } finally {
            pids.forEach(pid -> ProcessHandle.of(pid).ifPresent(ProcessHandle::destroyForcibly));
        }
    }

    @Test
    void anUnusableConfigurationFailsWithFlinksReason(@TempDir Path dir) throws IOException {
        FlinkLayout real = FlinkLayout.locate();
        Path conf = Files.createDirectories(dir.resolve("conf-template"));
        String template = Files.readString(real.confTemplateDir().resolve("config.yaml"));
        Files.writeString(conf.resolve("config.yaml"),
                template.replace("taskmanager.memory.process.size: 1536m", "taskmanager.memory.process.size: 100m"));
        Files.copy(real.confTemplateDir().resolve("log4j.properties"), conf.resolve("log4j.properties"));

        StartException e = assertThrows(StartException.class,
                () -> EmbeddedFlink.start(dir.resolve("flink"), real.flinkLibDir(), conf, 1));
        assertTrue(e.getMessage().contains("GET_TM_RESOURCE_PARAMS"), e.getMessage());
        assertTrue(e.getMessage().contains("exceed configured Total Process Memory"), e.getMessage());
    }

    @Test
    void aTemplateWithAFixedPortIsRejected(@TempDir Path dir) throws IOException {
        FlinkLayout real = FlinkLayout.locate();
        Path conf = Files.createDirectories(dir.resolve("conf-template"));
        String template = Files.readString(real.confTemplateDir().resolve("config.yaml"));
        Files.writeString(conf.resolve("config.yaml"), template.replace("rest.port: ${REST_PORT}", "rest.port: 8081"));
        Files.copy(real.confTemplateDir().resolve("log4j.properties"), conf.resolve("log4j.properties"));

        StartException e = assertThrows(StartException.class,
                () -> EmbeddedFlink.start(dir.resolve("flink"), real.flinkLibDir(), conf, 1));
        assertTrue(e.getMessage().contains("rest.port: ${REST_PORT}"), e.getMessage());
    }
}

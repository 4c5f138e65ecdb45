package kafkasim.infra.flink;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import kafkasim.infra.FreePorts;
import kafkasim.infra.StartException;

/** The configuration template of the repository (flink-conf/config.yaml) and its rendering. */
class FlinkConfigTest {

    private static String template() throws IOException {
        Path dir = FlinkLayout.locate().confTemplateDir();
        return Files.readString(dir.resolve(FlinkConfig.CONFIG_FILE));
    }

    private static Map<String, String> values(Path workDir) {
        int[] ports = FreePorts.pick(3);
        return FlinkDirs.placeholderValues(workDir, ports[0], ports[1], ports[2]);
    }

    @Test
    void layoutIsFoundFromTheWorkingDirectory() {
        FlinkLayout layout = FlinkLayout.locate();
        assertTrue(Files.isRegularFile(layout.confTemplateDir().resolve("config.yaml")), layout.toString());
        assertTrue(Files.isRegularFile(layout.confTemplateDir().resolve("log4j.properties")), layout.toString());
        assertTrue(layout.flinkLibDir().endsWith(Path.of("flink-cluster", "target", "flink-lib")), layout.toString());
    }

    @Test
    void everyPlaceholderIsFilledAndTheRequiredOnesAreUsed(@TempDir Path dir) throws IOException {
        String template = template();
        Map<String, String> values = values(dir);
        assertEquals(Set.copyOf(values.keySet()), Set.copyOf(FlinkConfig.placeholders(template)),
                "the template's placeholders are exactly the values EmbeddedFlink fills in");

        String rendered = FlinkConfig.render(template, values);
        for (String line : rendered.lines().collect(Collectors.toList())) {
            if (!line.strip().startsWith("#")) {
                assertFalse(line.contains("${"), "unfilled placeholder: " + line);
            }
        }
        Map<String, String> config = FlinkConfig.parseFlat(rendered);
        FlinkConfig.validate(config, values, EmbeddedFlink.HOST);
        assertEquals(values.get("REST_PORT"), config.get("rest.port"));
        assertEquals(values.get("JOBMANAGER_RPC_PORT"), config.get("jobmanager.rpc.port"));
        assertEquals(values.get("BLOB_SERVER_PORT"), config.get("blob.server.port"));
        assertEquals(dir.resolve("tmp").toString(), config.get("io.tmp.dirs"));
        assertEquals("file://" + dir.resolve("checkpoints"), config.get("execution.checkpointing.dir"));
        assertEquals("file://" + dir.resolve("savepoints"), config.get("execution.checkpointing.savepoint-dir"));
        assertTrue(config.get("web.tmpdir").startsWith(dir.toString()));
    }

    @Test
    void everythingBindsToLoopbackAndEveryDirectoryIsUnderTheWorkDir(@TempDir Path dir) throws IOException {
        Map<String, String> config = FlinkConfig.parseFlat(FlinkConfig.render(template(), values(dir)));
        for (String key : FlinkConfig.LOOPBACK_KEYS) {
            assertEquals("127.0.0.1", config.get(key), key);
        }
        config.forEach((k, v) -> {
            assertFalse(v.contains("0.0.0.0") || v.contains("localhost"), k + ": " + v);
            if (k.endsWith("dir") || k.endsWith("dirs") || k.endsWith("tmpdir")) {
                assertTrue(v.replace("file://", "").startsWith(dir.toString()), k + " outside the work dir: " + v);
            }
        });
        for (String key : FlinkConfig.PER_TASK_MANAGER_KEYS) {
            assertFalse(config.containsKey(key), key + " is set per TaskManager");
        }
    }

    @Test
    void choosesDistinctFreePorts(@TempDir Path dir) {
        Map<String, String> first = values(dir);
        Map<String, String> second = values(dir); // a second cluster in the same JVM
        List<String> ports = List.of(first.get("REST_PORT"), first.get("JOBMANAGER_RPC_PORT"),
                first.get("BLOB_SERVER_PORT"), second.get("REST_PORT"), second.get("JOBMANAGER_RPC_PORT"),
                second.get("BLOB_SERVER_PORT"));
        assertEquals(ports.size(), new HashSet<>(ports).size(), "ports must be distinct: " + ports);
        for (String p : ports) {
            int port = Integer.parseInt(p);
            assertTrue(port > 1024 && port != 6123 && port != 8081, p);
        }
    }

    @Test
    void settingsForAOneMinuteRunOnOneMachine(@TempDir Path dir) throws IOException {
        Map<String, String> config = FlinkConfig.parseFlat(FlinkConfig.render(template(), values(dir)));
        assertEquals("8", config.get("taskmanager.numberOfTaskSlots"));
        assertEquals("768m", config.get("jobmanager.memory.process.size"));
        assertEquals("1536m", config.get("taskmanager.memory.process.size"));
        assertEquals("fixed-delay", config.get("restart-strategy.type"));
        long timeout = Long.parseLong(config.get("heartbeat.timeout"));
        long interval = Long.parseLong(config.get("heartbeat.interval"));
        assertTrue(timeout <= 10_000, "lost TaskManagers must be noticed within a short run");
        assertTrue(interval < timeout, "Flink rejects a heartbeat interval not below the timeout");
        List<String> jm = FlinkConfig.javaOpts(config, "jobmanager");
        List<String> tm = FlinkConfig.javaOpts(config, "taskmanager");
        for (List<String> opts : List.of(jm, tm)) {
            assertTrue(opts.contains("--add-opens=java.base/java.lang=ALL-UNNAMED"), opts.toString());
            assertTrue(opts.contains("--add-opens=java.base/java.util=ALL-UNNAMED"), opts.toString());
            assertTrue(opts.contains("--add-opens=java.base/sun.nio.ch=ALL-UNNAMED"), opts.toString());
            assertTrue(opts.contains("--add-exports=java.base/sun.net.util=ALL-UNNAMED"), opts.toString());
        }
        assertTrue(jm.contains("-XX:TieredStopAtLevel=1"), "the JobManager starts faster with C1 only: " + jm);
        assertFalse(tm.contains("-XX:TieredStopAtLevel=1"), "the host decides the TaskManagers' JIT (JitPolicy): " + tm);
        assertEquals("1000", config.get("cluster.registration.error-delay"));
    }

    @Test
    void everySettingIsDocumentedByAComment() throws IOException {
        boolean inCommentedBlock = false;
        for (String line : template().lines().collect(Collectors.toList())) {
            String s = line.strip();
            if (s.isEmpty()) {
                inCommentedBlock = false;
            } else if (s.startsWith("#")) {
                inCommentedBlock = true;
            } else {
                assertTrue(inCommentedBlock, "setting without a comment above it: " + line);
            }
        }
    }

    @Test
    void pathsWithSpacesAndQuotesSurviveRendering(@TempDir Path tmp) {
        Path dir = tmp.resolve("a dir: with \"quotes\" #and hash");
        Map<String, String> values = FlinkDirs.placeholderValues(dir, 1111, 2222, 3333);
        String template = "io.tmp.dirs: ${TMP_DIR}\nweb.tmpdir: ${WEB_TMP_DIR}\n# ${NOT_A_PLACEHOLDER} in a comment\n";
        String rendered = FlinkConfig.render(template, values);
        assertTrue(rendered.contains("# ${NOT_A_PLACEHOLDER} in a comment"), rendered);
        Map<String, String> config = FlinkConfig.parseFlat(rendered);
        assertEquals(dir.resolve("tmp").toString(), config.get("io.tmp.dirs"));
        assertEquals(dir.resolve("tmp").resolve("web").toString(), config.get("web.tmpdir"));
    }

    @Test
    void renderingRejectsAPlaceholderWithoutValue() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> FlinkConfig.render("a: 1\nrest.port: ${RESTPORT}\n", Map.of("REST_PORT", "1")));
        assertTrue(e.getMessage().contains("line 2") && e.getMessage().contains("${RESTPORT}"), e.getMessage());
    }

    @Test
    void validationRejectsFixedPortsWildcardBindsAndSharedTaskManagerPorts(@TempDir Path dir) throws IOException {
        Map<String, String> values = values(dir);
        String good = FlinkConfig.render(template(), values);

        String fixedPort = good.replace("rest.port: " + values.get("REST_PORT"), "rest.port: 8081");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> FlinkConfig.validate(FlinkConfig.parseFlat(fixedPort), values, "127.0.0.1"));
        assertTrue(e.getMessage().contains("rest.port: ${REST_PORT}"), e.getMessage());

        String wildcard = good.replace("rest.bind-address: 127.0.0.1", "rest.bind-address: 0.0.0.0");
        e = assertThrows(IllegalArgumentException.class,
                () -> FlinkConfig.validate(FlinkConfig.parseFlat(wildcard), values, "127.0.0.1"));
        assertTrue(e.getMessage().contains("rest.bind-address"), e.getMessage());

        String shared = good + "taskmanager.rpc.port: 6122\n";
        e = assertThrows(IllegalArgumentException.class,
                () -> FlinkConfig.validate(FlinkConfig.parseFlat(shared), values, "127.0.0.1"));
        assertTrue(e.getMessage().contains("taskmanager.rpc.port"), e.getMessage());
    }

    @Test
    void parserReadsFlatYamlOnly() {
        Map<String, String> c = FlinkConfig.parseFlat(
                "# c\na.b: 1\nx: 'it''s' # note\ny: \"q\\\"z\"\nz: plain # cmt\n");
        assertEquals(Map.of("a.b", "1", "x", "it's", "y", "q\"z", "z", "plain"), c);
        IllegalArgumentException nested = assertThrows(IllegalArgumentException.class,
                () -> FlinkConfig.parseFlat("rest:\n  port: 8081\n"));
        assertTrue(nested.getMessage().contains("line 1"), nested.getMessage());
        assertThrows(IllegalArgumentException.class, () -> FlinkConfig.parseFlat("a: 1\na: 2\n"));
        assertThrows(IllegalArgumentException.class, () -> FlinkConfig.parseFlat("- item\n"));
    }

    @Test
    void resourceParamsAreParsedFromBashJavaUtilsOutput() {
        String out = "INFO some log line\n"
                + "BASH_JAVA_UTILS_EXEC_RESULT:-Xmx778462820 -Xms778462820 -XX:MaxDirectMemorySize=248302798 "
                + "-XX:MaxMetaspaceSize=268435456\n"
                + "BASH_JAVA_UTILS_EXEC_RESULT:-D taskmanager.memory.network.min=114085070b "
                + "-D taskmanager.cpu.cores=8.0\n";
        ResourceParams p = ResourceParams.parse("GET_TM_RESOURCE_PARAMS", out);
        assertEquals(List.of("-Xmx778462820", "-Xms778462820", "-XX:MaxDirectMemorySize=248302798",
                "-XX:MaxMetaspaceSize=268435456"), p.jvmFlags());
        assertEquals(Arrays.asList("-D", "taskmanager.memory.network.min=114085070b",
                "-D", "taskmanager.cpu.cores=8.0"), p.dynamicProperties());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> ResourceParams.parse("GET_TM_RESOURCE_PARAMS", "Exception: cpu cores not set\n"));
        assertTrue(e.getMessage().contains("0 result line(s)") && e.getMessage().contains("cpu cores"), e.getMessage());
    }

    @Test
    void startFailsClearlyWithoutTheFlinkRuntime(@TempDir Path dir) {
        FlinkLayout missing = new FlinkLayout(dir.resolve("no-flink-lib"), FlinkLayout.locate().confTemplateDir());
        StartException e = assertThrows(StartException.class,
                () -> EmbeddedFlink.start(dir.resolve("work"), missing, 1, EmbeddedFlink.DEFAULT_STARTUP_TIMEOUT));
        assertTrue(e.getMessage().contains("no-flink-lib") && e.getMessage().contains("mvn"), e.getMessage());
        assertThrows(IllegalArgumentException.class,
                () -> EmbeddedFlink.start(dir.resolve("work"), missing, 0, EmbeddedFlink.DEFAULT_STARTUP_TIMEOUT));
    }
}

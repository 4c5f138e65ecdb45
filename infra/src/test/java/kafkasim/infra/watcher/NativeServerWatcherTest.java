package kafkasim.infra.watcher;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

class NativeServerWatcherTest {

    @Test
    void aSpecSurvivesItsCommandLine() {
        NativeServerSpec spec = new NativeServerSpec("postgres", "INT", "PG", Map.of("LC_ALL", "C", "A", "x=y"),
                List.of("/bin/postgres", "-D", "/d", "--", "-c", "a=b"));
        assertEquals(spec, NativeServerSpec.parse(spec.toArgs()));
        List<String> args = spec.toArgs();
        assertEquals(List.of("--name", "postgres", "--stop-signal", "INT", "--unset-env-prefix", "PG"), args.subList(0, 6));
        assertEquals(List.of("--", "/bin/postgres", "-D", "/d", "--", "-c", "a=b"),
                args.subList(args.indexOf("--"), args.size()));
    }

    @Test
    void aSpecWithoutPrefixOrEnvironmentHasNoSuchOptions() {
        NativeServerSpec spec = new NativeServerSpec("mosquitto", "TERM", "", Map.of(), List.of("/usr/sbin/mosquitto"));
        assertEquals(List.of("--name", "mosquitto", "--stop-signal", "TERM", "--", "/usr/sbin/mosquitto"),
                spec.toArgs());
        assertEquals(spec, NativeServerSpec.parse(spec.toArgs()));
    }

    @Test
    void badCommandLinesAreRejectedByName() {
        assertTrue(message(List.of("--name", "x", "--stop-signal", "TERM")).contains("-- COMMAND are required"));
        assertTrue(message(List.of("--name", "x", "--stop-signal", "TERM", "--")).contains("command is missing"));
        assertTrue(message(List.of("--stop-signal", "TERM", "--", "x")).contains("--name"));
        assertTrue(message(List.of("--name", "x", "--stop-signal", "term", "--", "x")).contains("signal name"));
        assertTrue(message(List.of("--name", "/usr/bin/x", "--stop-signal", "TERM", "--", "x"))
                .contains("file name"));
        assertTrue(message(List.of("--name", "x", "--stop-signal", "TERM", "--env", "NOVALUE", "--", "x"))
                .contains("NAME=VALUE"));
        assertTrue(message(List.of("--name", "x", "--bogus", "1", "--", "x")).contains("unknown option --bogus"));
        assertTrue(message(List.of("--name")).contains("--name needs a value"));
    }

    @Test
    void theEnvironmentLosesThePrefixedVariablesAndGetsTheSetOnes() {
        Map<String, String> env = new HashMap<>(Map.of("PGDATA", "/x", "PGPORT", "1", "PATH", "/bin", "LC_ALL", "de"));
        new NativeServerSpec("postgres", "INT", "PG", Map.of("LC_ALL", "C"), List.of("p")).applyTo(env);
        assertEquals(Map.of("PATH", "/bin", "LC_ALL", "C"), env);
    }

    @Test
    void relativeClasspathEntriesBecomeAbsolute() {
        String old = System.getProperty("java.class.path");
        try {
            System.setProperty("java.class.path", "target/classes" + File.pathSeparator + "/abs/lib.jar"
                    + File.pathSeparator + "lib/*");
            String cp = NativeServerWatcher.absoluteClasspath();
            assertEquals(Path.of("target/classes").toAbsolutePath() + File.pathSeparator + "/abs/lib.jar"
                    + File.pathSeparator + "lib/*", cp);
        } finally {
            System.setProperty("java.class.path", old);
        }
    }

    @Test
    void theWatcherGetsOnlyTheTwoKafkasimModulesOnItsClasspath() {
        String cp = NativeServerWatcher.watcherClasspath();
        List<String> entries = List.of(cp.split(File.pathSeparator));
        assertTrue(entries.size() <= 2, cp);
        assertTrue(entries.stream().allMatch(e -> Path.of(e).isAbsolute()), cp);
        assertFalse(cp.contains("kafka_2.13"), cp);
    }

    private static String message(List<String> args) {
        return assertThrows(IllegalArgumentException.class, () -> NativeServerSpec.parse(args)).getMessage();
    }
}

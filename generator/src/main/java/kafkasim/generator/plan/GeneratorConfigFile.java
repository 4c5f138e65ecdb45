package kafkasim.generator.plan;

import com.fasterxml.jackson.core.JsonProcessingException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import kafkasim.common.envelope.EnvelopeEncoder;
import kafkasim.common.json.Json;
import kafkasim.common.scenario.JsonProblems;
import kafkasim.common.scenario.ScenarioException;
import kafkasim.common.scenario.ValueField;

/** Reads, validates and writes the manager's config file. A bad file never replaces a running config. */
public final class GeneratorConfigFile {
    private GeneratorConfigFile() {
    }

    /** Writes atomically (temp file + rename), so a reader never sees half a file. */
    public static void write(Path file, GeneratorConfig config) throws IOException {
        Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
        Json.mapper().writerWithDefaultPrettyPrinter().writeValue(tmp.toFile(), config);
        Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    public static GeneratorConfig read(Path file) throws ScenarioException {
        String source = "config " + file;
        GeneratorConfig config;
        try {
            config = Json.mapper().readValue(Files.readString(file), GeneratorConfig.class);
        } catch (JsonProcessingException e) {
            throw new ScenarioException(source, List.of(JsonProblems.describe(e)));
        } catch (IOException e) {
            throw new ScenarioException(source, List.of("cannot read " + file + ": " + e));
        }
        List<String> problems = validate(config);
        if (!problems.isEmpty()) {
            throw new ScenarioException(source, problems);
        }
        return config;
    }

    static List<String> validate(GeneratorConfig c) {
        List<String> problems = new ArrayList<>();
        TransportConfig t = c.transport();
        if (t == null) {
            problems.add("transport is required");
        } else {
            problems.addAll(t.problems("transport"));
        }
        if (c.log() != null && (c.log().bootstrap() == null || c.log().topic() == null)) {
            problems.add("log needs bootstrap and topic (or no log: files only)");
        }
        if (c.statsIntervalMs() < 100) {
            problems.add("statsIntervalMs must be >= 100, got " + c.statsIntervalMs());
        }
        if (c.workers() == null || c.workers().isEmpty()) {
            problems.add("workers must list at least one worker");
            return problems;
        }
        Set<Integer> ids = new HashSet<>();
        List<DeviceRange> all = new ArrayList<>();
        for (int w = 0; w < c.workers().size(); w++) {
            WorkerSpec spec = c.workers().get(w);
            String at = "workers[" + w + "]";
            if (spec.id() < 0 || !ids.add(spec.id())) {
                problems.add(at + ".id must be unique and >= 0, got " + spec.id());
            }
            if (spec.devices() == null || spec.devices().isEmpty()) {
                problems.add(at + ".devices must list at least one device range");
                continue;
            }
            for (int d = 0; d < spec.devices().size(); d++) {
                DeviceRange r = spec.devices().get(d);
                checkRange(at + ".devices[" + d + "]", r, problems);
                all.add(r);
            }
        }
        if (problems.isEmpty()) {
            checkOverlaps(all, problems);
        }
        return problems;
    }

    private static void checkRange(String at, DeviceRange r, List<String> problems) {
        if (r.type() == null || !r.type().matches("[a-z0-9_-]{1,32}")) {
            problems.add(at + ".type must match [a-z0-9_-]{1,32}, got \"" + r.type() + "\"");
            return;
        }
        if (r.firstIndex() < 0 || r.count() < 1 || r.endIndex() > EnvelopeEncoder.MAX_DEVICE_INDEX + 1) {
            problems.add(at + ": firstIndex (" + r.firstIndex() + ") and count (" + r.count()
                    + ") must give devices within 0.." + EnvelopeEncoder.MAX_DEVICE_INDEX + ", count >= 1");
        }
        if (!(r.ratePerSec() > 0)) {
            problems.add(at + ".ratePerSec must be > 0, got " + r.ratePerSec());
        }
        if (!(r.anomalyRate() >= 0 && r.anomalyRate() <= 1)) {
            problems.add(at + ".anomalyRate must be between 0 and 1, got " + r.anomalyRate());
        }
        if (r.fields() == null || r.fields().isEmpty()) {
            problems.add(at + ".fields must list at least one field");
            return;
        }
        int min = EnvelopeEncoder.minPayloadBytes(r.type(), r.fields().stream().map(ValueField::name).toList());
        if (r.payloadBytes() < min) {
            problems.add(at + ".payloadBytes must be >= " + min + ", got " + r.payloadBytes());
        }
    }

    /** Two workers simulating the same device would break the per-device seq contract. */
    private static void checkOverlaps(List<DeviceRange> all, List<String> problems) {
        List<DeviceRange> sorted = new ArrayList<>(all);
        sorted.sort(Comparator.comparing(DeviceRange::type).thenComparingInt(DeviceRange::firstIndex));
        for (int i = 1; i < sorted.size(); i++) {
            DeviceRange prev = sorted.get(i - 1);
            DeviceRange cur = sorted.get(i);
            if (prev.type().equals(cur.type()) && cur.firstIndex() < prev.endIndex()) {
                problems.add("device " + cur.deviceId(0) + " is in two device ranges: " + prev.type() + " "
                        + prev.firstIndex() + ".." + (prev.endIndex() - 1) + " and " + cur.firstIndex() + ".."
                        + (cur.endIndex() - 1));
            }
        }
    }
}

package kafkasim.infra.flink;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Renders the {@code flink-conf/config.yaml} template and reads the rendered file back. The template is flattened
 * YAML ({@code key: value}, one per line, {@code #} comments); placeholders {@code ${NAME}} stand for whole values
 * and are replaced by YAML scalars (quoted when needed, e.g. a path with spaces). Comment lines are copied
 * unchanged.
 */
final class FlinkConfig {
    static final String CONFIG_FILE = "config.yaml";
    static final String LOG4J_FILE = "log4j.properties";

    /** Placeholder names that EmbeddedFlink fills in. */
    static final String REST_PORT = "REST_PORT";
    static final String JOBMANAGER_RPC_PORT = "JOBMANAGER_RPC_PORT";
    static final String BLOB_SERVER_PORT = "BLOB_SERVER_PORT";
    static final String TMP_DIR = "TMP_DIR";
    static final String WEB_TMP_DIR = "WEB_TMP_DIR";
    static final String CHECKPOINT_DIR_URI = "CHECKPOINT_DIR_URI";
    static final String SAVEPOINT_DIR_URI = "SAVEPOINT_DIR_URI";

    /** Keys that must end up with the value of a placeholder (else EmbeddedFlink would not know its own cluster). */
    static final Map<String, String> REQUIRED_PLACEHOLDERS = orderedMap(
            "rest.port", REST_PORT,
            "jobmanager.rpc.port", JOBMANAGER_RPC_PORT,
            "blob.server.port", BLOB_SERVER_PORT,
            "io.tmp.dirs", TMP_DIR,
            "web.tmpdir", WEB_TMP_DIR,
            "execution.checkpointing.dir", CHECKPOINT_DIR_URI,
            "execution.checkpointing.savepoint-dir", SAVEPOINT_DIR_URI);

    /** Keys that must be the loopback address: nothing may listen on or advertise another interface. */
    static final List<String> LOOPBACK_KEYS = List.of(
            "jobmanager.bind-host", "jobmanager.rpc.address", "taskmanager.bind-host", "taskmanager.host",
            "rest.address", "rest.bind-address");

    /** Keys EmbeddedFlink sets per TaskManager on its command line; the shared file must not set them. */
    static final Set<String> PER_TASK_MANAGER_KEYS = Set.of(
            "taskmanager.rpc.port", "taskmanager.data.port", "taskmanager.resource-id");

    private static final Pattern PLACEHOLDER = Pattern.compile("\\$\\{([A-Za-z0-9_]+)}");
    private static final Pattern ENTRY = Pattern.compile("^([A-Za-z0-9][A-Za-z0-9._-]*)\\s*:(?:\\s+(.*))?$");
    private static final Pattern PLAIN_SAFE = Pattern.compile("[A-Za-z0-9_./+=@-][A-Za-z0-9_./:+=@-]*");

    private FlinkConfig() {
    }

    /**
     * The template with every placeholder in a non-comment line replaced by the YAML scalar of its value.
     *
     * @throws IllegalArgumentException naming the line of a placeholder without a value
     */
    static String render(String template, Map<String, String> values) {
        StringBuilder out = new StringBuilder(template.length() + 256);
        int lineNo = 0;
        for (String line : template.split("\n", -1)) {
            lineNo++;
            if (isCommentOrBlank(line)) {
                out.append(line).append('\n');
                continue;
            }
            Matcher m = PLACEHOLDER.matcher(line);
            StringBuilder rendered = new StringBuilder();
            while (m.find()) {
                String value = values.get(m.group(1));
                if (value == null) {
                    throw new IllegalArgumentException("config template line " + lineNo
                            + ": no value for placeholder ${" + m.group(1) + "} (known: "
                            + new TreeSet<>(values.keySet()) + ")");
                }
                m.appendReplacement(rendered, Matcher.quoteReplacement(yamlScalar(value)));
            }
            m.appendTail(rendered);
            out.append(rendered).append('\n');
        }
        // split(-1) yields a trailing empty element for a final newline: do not add a second one
        out.setLength(out.length() - 1);
        return out.toString();
    }

    /** The placeholder names used in non-comment lines of {@code template}, in order of first use. */
    static List<String> placeholders(String template) {
        List<String> names = new ArrayList<>();
        for (String line : template.split("\n")) {
            if (isCommentOrBlank(line)) {
                continue;
            }
            Matcher m = PLACEHOLDER.matcher(line);
            while (m.find()) {
                if (!names.contains(m.group(1))) {
                    names.add(m.group(1));
                }
            }
        }
        return names;
    }

    /**
     * Reads flattened YAML: {@code key: value} lines, {@code #} comments, blank lines. Values may be plain (a trailing
     * {@code  # comment} is dropped), single- or double-quoted.
     *
     * @throws IllegalArgumentException naming the line of anything else (nested YAML, lists, duplicate keys)
     */
    static Map<String, String> parseFlat(String yaml) {
        Map<String, String> result = new LinkedHashMap<>();
        int lineNo = 0;
        for (String line : yaml.split("\n")) {
            lineNo++;
            String stripped = line.endsWith("\r") ? line.substring(0, line.length() - 1) : line;
            if (isCommentOrBlank(stripped)) {
                continue;
            }
            Matcher m = ENTRY.matcher(stripped);
            if (!m.matches()) {
                throw new IllegalArgumentException("config line " + lineNo + " is not a flattened 'key: value' entry"
                        + " (EmbeddedFlink reads only flattened YAML): " + stripped);
            }
            String raw = m.group(2) == null ? "" : m.group(2).strip();
            if (raw.isEmpty()) {
                throw new IllegalArgumentException("config line " + lineNo + ": key '" + m.group(1)
                        + "' has no value (nested YAML is not supported; write 'a.b.c: value')");
            }
            if (result.put(m.group(1), unquote(raw, lineNo)) != null) {
                throw new IllegalArgumentException("config line " + lineNo + ": duplicate key '" + m.group(1) + "'");
            }
        }
        return Collections.unmodifiableMap(result);
    }

    /**
     * Checks a rendered configuration: the required keys carry the values EmbeddedFlink chose, every address is the
     * loopback address, and no per-TaskManager key is set in the shared file.
     *
     * @throws IllegalArgumentException naming the first offending key
     */
    static void validate(Map<String, String> config, Map<String, String> values, String host) {
        for (Map.Entry<String, String> e : REQUIRED_PLACEHOLDERS.entrySet()) {
            String actual = config.get(e.getKey());
            String expected = values.get(e.getValue());
            if (actual == null || !actual.equals(expected)) {
                throw new IllegalArgumentException("the config template must set '" + e.getKey() + ": ${"
                        + e.getValue() + "}' (found " + (actual == null ? "nothing" : "'" + actual + "'") + ")");
            }
        }
        for (String key : LOOPBACK_KEYS) {
            if (!host.equals(config.get(key))) {
                throw new IllegalArgumentException("the config template must set '" + key + ": " + host
                        + "' (found " + (config.get(key) == null ? "nothing" : "'" + config.get(key) + "'") + ")");
            }
        }
        for (String key : PER_TASK_MANAGER_KEYS) {
            if (config.containsKey(key)) {
                throw new IllegalArgumentException("the config template must not set '" + key + "': EmbeddedFlink sets "
                        + "it per TaskManager (several TaskManagers share the file)");
            }
        }
    }

    /**
     * JVM options that flink-dist's scripts would add for a role ("jobmanager" or "taskmanager"):
     * {@code env.java.default-opts.all}, {@code env.java.opts.all}, then the role's default and own options, split at
     * whitespace as the scripts do.
     */
    static List<String> javaOpts(Map<String, String> config, String role) {
        List<String> opts = new ArrayList<>();
        for (String key : List.of("env.java.default-opts.all", "env.java.opts.all",
                "env.java.default-opts." + role, "env.java.opts." + role)) {
            String value = config.get(key);
            if (value != null) {
                for (String opt : value.strip().split("\\s+")) {
                    if (!opt.isEmpty()) {
                        opts.add(opt);
                    }
                }
            }
        }
        return opts;
    }

    /** {@code value} as a YAML scalar: plain when unambiguous, else double-quoted with escapes. */
    static String yamlScalar(String value) {
        if (PLAIN_SAFE.matcher(value).matches() && !value.contains(": ")) {
            return value;
        }
        StringBuilder sb = new StringBuilder("\"");
        for (char c : value.toCharArray()) {
            switch (c) {
                case '"' -> sb.append("\\\"");
                case '\\' -> sb.append("\\\\");
                case '\n' -> sb.append("\\n");
                case '\t' -> sb.append("\\t");
                default -> sb.append(c);
            }
        }
        return sb.append('"').toString();
    }

    private static String unquote(String raw, int lineNo) {
        if (raw.startsWith("\"")) {
            StringBuilder sb = new StringBuilder();
            for (int i = 1; i < raw.length(); i++) {
                char c = raw.charAt(i);
                if (c == '"') {
                    checkRest(raw.substring(i + 1), lineNo);
                    return sb.toString();
                }
                if (c == '\\' && i + 1 < raw.length()) {
                    char n = raw.charAt(++i);
                    sb.append(switch (n) {
                        case 'n' -> '\n';
                        case 't' -> '\t';
                        default -> n;
                    });
                } else {
                    sb.append(c);
                }
            }
            throw new IllegalArgumentException("config line " + lineNo + ": unterminated double-quoted value");
        }
        if (raw.startsWith("'")) {
            StringBuilder sb = new StringBuilder();
            for (int i = 1; i < raw.length(); i++) {
                char c = raw.charAt(i);
                if (c == '\'') {
                    if (i + 1 < raw.length() && raw.charAt(i + 1) == '\'') {
                        sb.append('\'');
                        i++;
                        continue;
                    }
                    checkRest(raw.substring(i + 1), lineNo);
                    return sb.toString();
                }
                sb.append(c);
            }
            throw new IllegalArgumentException("config line " + lineNo + ": unterminated single-quoted value");
        }
        int comment = raw.indexOf(" #");
        return (comment >= 0 ? raw.substring(0, comment) : raw).strip();
    }

    private static void checkRest(String rest, int lineNo) {
        String r = rest.strip();
        if (!r.isEmpty() && !r.startsWith("#")) {
            throw new IllegalArgumentException("config line " + lineNo + ": text after a quoted value: " + r);
        }
    }

    private static boolean isCommentOrBlank(String line) {
        String s = line.strip();
        return s.isEmpty() || s.startsWith("#");
    }

    private static Map<String, String> orderedMap(String... kv) {
        Map<String, String> m = new LinkedHashMap<>();
        for (int i = 0; i < kv.length; i += 2) {
            m.put(kv[i], kv[i + 1]);
        }
        return Collections.unmodifiableMap(m);
    }
}

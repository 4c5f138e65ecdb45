package kafkasim.simulation.report;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * The SQL files of {@code analysis/}: one {@code SELECT} each, with the literal {@code :run_id} standing for the
 * run id (replaced by a quoted SQL string here, as {@code psql -v run_id="'…'"} would).
 */
public final class AnalysisQueries {
    private AnalysisQueries() {
    }

    /** A query file: its name without {@code .sql} and its text. */
    public record Query(String name, String sql) {
    }

    public static List<Query> load(Path dir) throws IOException {
        List<Query> queries = new ArrayList<>();
        try (Stream<Path> files = Files.list(dir)) {
            for (Path f : files.filter(p -> p.toString().endsWith(".sql")).sorted().toList()) {
                String name = f.getFileName().toString();
                queries.add(new Query(name.substring(0, name.length() - 4), Files.readString(f)));
            }
        }
        return queries;
    }

    /** The SQL with {@code :run_id} replaced by {@code runId} as a string literal. */
    static String bind(String sql, String runId) {
        return sql.replace(":run_id", "'" + runId.replace("'", "''") + "'");
    }

    /** Runs one query; prints it as an aligned table to {@code out} and, if {@code csv} is given, writes it there. */
    public static int run(Connection c, Query q, String runId, PrintStream out, Path csv) throws Exception {
        try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery(bind(q.sql(), runId))) {
            ResultSetMetaData md = rs.getMetaData();
            int columns = md.getColumnCount();
            List<String[]> rows = new ArrayList<>();
            String[] header = new String[columns];
            for (int i = 0; i < columns; i++) {
                header[i] = md.getColumnLabel(i + 1);
            }
            rows.add(header);
            while (rs.next()) {
                String[] row = new String[columns];
                for (int i = 0; i < columns; i++) {
                    String v = rs.getString(i + 1);
                    row[i] = v == null ? "" : v;
                }
                rows.add(row);
            }
            printTable(q.name(), rows, out);
            if (csv != null) {
                try (BufferedWriter w = Files.newBufferedWriter(csv)) {
                    for (String[] row : rows) {
                        w.write(String.join(",", Stream.of(row).map(AnalysisQueries::csvCell).toList()));
                        w.write("\n");
                    }
                }
            }
            return rows.size() - 1;
        }
    }

    private static void printTable(String title, List<String[]> rows, PrintStream out) {
        int[] width = new int[rows.get(0).length];
        for (String[] row : rows) {
            for (int i = 0; i < row.length; i++) {
                width[i] = Math.max(width[i], row[i].length());
            }
        }
        out.println("== " + title + " (" + (rows.size() - 1) + " rows)");
        for (int r = 0; r < rows.size(); r++) {
            StringBuilder line = new StringBuilder();
            for (int i = 0; i < width.length; i++) {
                line.append(i == 0 ? "" : "  ").append(String.format("%-" + width[i] + "s", rows.get(r)[i]));
            }
            out.println(line.toString().stripTrailing());
            if (r == 0) {
                out.println("-".repeat(line.toString().stripTrailing().length()));
            }
        }
        out.println();
    }

    private static String csvCell(String v) {
        return v.contains(",") || v.contains("\"") || v.contains("\n") ? "\"" + v.replace("\"", "\"\"") + "\"" : v;
    }
}

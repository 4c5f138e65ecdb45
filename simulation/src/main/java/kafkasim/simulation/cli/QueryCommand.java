package kafkasim.simulation.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.util.List;
import java.util.concurrent.Callable;
import kafkasim.common.json.Json;
import kafkasim.infra.postgres.EmbeddedPostgres;
import kafkasim.simulation.report.AnalysisQueries;
import kafkasim.simulation.report.ResultsDatabase;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code kafkasim query RESULTS | --jdbc-url URL --run-id ID [QUERY...]}: runs the analysis SQL against a run's
 * results. For a results folder of an embedded run, that run's own PostgreSQL is started again on its data
 * directory (read as it was left) and stopped afterwards.
 */
@Command(name = "query", mixinStandardHelpOptions = true,
        description = "Run the analysis SQL (analysis/*.sql) against a run's results; print tables or write CSV.")
final class QueryCommand implements Callable<Integer> {
    @Parameters(index = "0", arity = "0..1", paramLabel = "RESULTS",
            description = "A results folder written by `kafkasim run` (its embedded database is used).")
    Path results;

    @Option(names = "--jdbc-url", paramLabel = "URL", description = "Query this PostgreSQL instead.")
    String jdbcUrl;

    @Option(names = "--jdbc-user", paramLabel = "USER", defaultValue = "postgres",
            description = "User for --jdbc-url (default: ${DEFAULT-VALUE}).")
    String jdbcUser;

    @Option(names = "--jdbc-password", paramLabel = "PASSWORD", description = "Password for --jdbc-url.")
    String jdbcPassword;

    @Option(names = "--run-id", paramLabel = "ID", description = "The run (default: the results folder's runId).")
    String runId;

    @Option(names = "--query", paramLabel = "NAME", split = ",",
            description = "Only these queries (file names without .sql, comma-separated). Default: all.")
    List<String> only;

    @Option(names = "--csv", paramLabel = "DIR", description = "Also write each result to DIR/<query>.csv.")
    Path csvDir;

    @Option(names = "--analysis-dir", paramLabel = "DIR", description = "Where the .sql files are (default: analysis/).")
    Path analysisDir;

    @Override
    public Integer call() throws Exception {
        if ((results == null) == (jdbcUrl == null)) {
            throw new BadInputException("give either a RESULTS folder or --jdbc-url");
        }
        Path dir = analysisDir != null ? analysisDir
                : Path.of(System.getProperty("kafkasim.home", ".")).resolve("analysis");
        if (!Files.isDirectory(dir)) {
            throw new BadInputException("--analysis-dir " + dir + " is not a folder of .sql files");
        }
        List<AnalysisQueries.Query> queries = AnalysisQueries.load(dir);
        if (only != null) {
            for (String name : only) {
                if (queries.stream().noneMatch(q -> q.name().equals(name))) {
                    throw new BadInputException("--query " + name + " is not one of "
                            + queries.stream().map(AnalysisQueries.Query::name).toList());
                }
            }
            queries = queries.stream().filter(q -> only.contains(q.name())).toList();
        }
        if (csvDir != null) {
            Files.createDirectories(csvDir);
        }
        if (results != null) {
            return queryResultsFolder(queries);
        }
        if (runId == null) {
            throw new BadInputException("--run-id is required with --jdbc-url");
        }
        try (Connection c = ResultsDatabase.connect(jdbcUrl, jdbcUser, jdbcPassword)) {
            return runAll(c, queries, runId);
        }
    }

    private int queryResultsFolder(List<AnalysisQueries.Query> queries) throws Exception {
        Path summary = results.resolve("summary.json");
        Path database = results.resolve("infra").resolve("postgres");
        if (!Files.isRegularFile(summary) || !Files.isDirectory(database)) {
            throw new BadInputException("RESULTS " + results + " is not the folder of a finished `kafkasim run` "
                    + "(needs summary.json and infra/postgres)");
        }
        String id = runId != null ? runId : Json.mapper().readTree(summary.toFile()).path("runId").asText();
        try (EmbeddedPostgres pg = EmbeddedPostgres.start(database); Connection c = pg.connect()) {
            return runAll(c, queries, id);
        }
    }

    private int runAll(Connection c, List<AnalysisQueries.Query> queries, String id) throws Exception {
        System.out.println("run " + id);
        for (AnalysisQueries.Query q : queries) {
            AnalysisQueries.run(c, q, id, System.out, csvDir == null ? null : csvDir.resolve(q.name() + ".csv"));
        }
        return Main.EXIT_OK;
    }
}

/**
 * The aggregation job: per-path metric records from the log topic → 1 s and 10 s event-time windows (sums and
 * merged HdrHistograms) → PostgreSQL {@code report_window}; alerts → {@code alert}. Entry: {@link
 * kafkasim.jobs.report.ReportJob}; settings: {@link kafkasim.common.jobs.JobSettings.Report}; tables: {@link
 * kafkasim.jobs.report.ReportSchema}. The analysis queries over these tables live in the repository's
 * {@code analysis/} folder.
 */
package kafkasim.jobs.report;

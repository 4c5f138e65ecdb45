-- p99_per_path.sql
-- Answers:    how did each path's end-to-end latency evolve per 10 s window, and what bounds hold for the run?
-- Parameters: :run_id  the run id (a text literal)
-- Reads:      report_window (10 s windows)
-- Columns:    scope ('window' rows first, then one 'whole run' row per path), window_start (for 'whole run':
--             the first window), path, received, p50_ms, p90_ms, p99_ms, p999_ms, max_ms, note
-- Window percentiles are exact (from the merged HdrHistograms of the window). Percentiles of a whole run
-- cannot be derived from window percentiles: the 'whole run' rows give the max over windows, which is an
-- upper bound for p99 and p999, and the exact maximum; p50/p90 are left empty. The exact whole-run percentiles
-- are in the results folder's summary.json (paths.<path>.latencyMs).
SELECT scope, window_start, path, received, p50_ms, p90_ms, p99_ms, p999_ms, max_ms, note
FROM (
    SELECT 'window'     AS scope,
           window_start,
           path,
           received,
           p50_ms,
           p90_ms,
           p99_ms,
           p999_ms,
           max_ms,
           NULL::text   AS note
    FROM report_window
    WHERE run_id = :run_id
      AND window_ms = 10000
    UNION ALL
    SELECT 'whole run',
           min(window_start),
           path,
           sum(received)::bigint,
           NULL,
           NULL,
           max(p99_ms),
           max(p999_ms),
           max(max_ms),
           'p99/p999: upper bounds (max over windows); max: exact; exact percentiles: summary.json'
    FROM report_window
    WHERE run_id = :run_id
      AND window_ms = 10000
    GROUP BY path
) AS rows
ORDER BY scope DESC, path, window_start;

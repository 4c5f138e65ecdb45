-- throughput_per_path.sql
-- Answers:    how many messages did each path receive, second by second, and at what rate?
-- Parameters: :run_id  the run id (a text literal, e.g. 'light-20261124-231000')
-- Reads:      report_window (1 s windows, written by the aggregation job)
-- Columns:    window_start, path, received, rate_per_sec (received per second), lost, duplicates,
--             subtasks (parallel instances of the path that reported in that second)
SELECT window_start,
       path,
       received,
       rate_per_sec,
       lost,
       duplicates,
       subtasks
FROM report_window
WHERE run_id = :run_id
  AND window_ms = 1000
ORDER BY window_start, path;

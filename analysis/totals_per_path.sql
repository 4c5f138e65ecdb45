-- totals_per_path.sql
-- Answers:    how many messages did each path receive, lose and see twice over the whole run?
-- Parameters: :run_id  the run id (a text literal)
-- Reads:      report_window (sums of the 1 s windows, so a last 10 s window that never closed is included)
-- Columns:    path, seconds (1 s windows with a report), received, lost, duplicates, replayed (medium path:
--             rows written again after a restore), mean_rate_per_sec, loss_pct (lost / (received + lost))
SELECT path,
       count(*)                                                       AS seconds,
       sum(received)::bigint                                          AS received,
       sum(lost)::bigint                                              AS lost,
       sum(duplicates)::bigint                                        AS duplicates,
       sum(replayed)::bigint                                          AS replayed,
       round(avg(rate_per_sec)::numeric, 1)                           AS mean_rate_per_sec,
       round(100.0 * sum(lost) / nullif(sum(received) + sum(lost), 0), 4) AS loss_pct
FROM report_window
WHERE run_id = :run_id
  AND window_ms = 1000
GROUP BY path
ORDER BY path;

-- latency_medium_from_db.sql
-- Answers:    what latency does the database itself show for the medium path? An independent check of the
--             medium path's reported latency (report_window, summary.json), per device type and overall.
-- Parameters: none (:run_id is not used: the telemetry table holds one run and has no run column)
-- Reads:      telemetry (sent_at = the message's scheduled send time, inserted_at = when the row was written)
-- Columns:    device_type ('(all)' for the overall row), rows, p50_ms, p90_ms, p99_ms, p999_ms, max_ms
-- percentile_cont interpolates between rows, so values differ slightly from HdrHistogram percentiles (which
-- report a bucket's upper value, at 3 significant digits). If inserted_at is the transaction's time, rows
-- of one batch share it.
WITH l AS (
    SELECT device_type,
           extract(epoch FROM inserted_at - sent_at)::float8 * 1000 AS ms
    FROM telemetry
)
SELECT coalesce(device_type, '(all)')                                           AS device_type,
       count(*)                                                                 AS rows,
       round(percentile_cont(0.5)   WITHIN GROUP (ORDER BY ms)::numeric, 3)     AS p50_ms,
       round(percentile_cont(0.9)   WITHIN GROUP (ORDER BY ms)::numeric, 3)     AS p90_ms,
       round(percentile_cont(0.99)  WITHIN GROUP (ORDER BY ms)::numeric, 3)     AS p99_ms,
       round(percentile_cont(0.999) WITHIN GROUP (ORDER BY ms)::numeric, 3)     AS p999_ms,
       round(max(ms)::numeric, 3)                                               AS max_ms
FROM l
GROUP BY GROUPING SETS ((device_type), ())
ORDER BY device_type IS NULL, device_type;

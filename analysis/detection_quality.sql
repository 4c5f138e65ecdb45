-- detection_quality.sql
-- Answers:    how good was the fast path's anomaly detection over the whole run: precision and recall?
-- Parameters: :run_id  the run id (a text literal)
-- Reads:      report_window (the fast path's per-second counts of true/false positives and false negatives)
-- Columns:    alerts, true_positives, false_positives, false_negatives,
--             precision (TP / (TP + FP)), recall (TP / (TP + FN)); NULL when the denominator is 0
SELECT sum(alerts)::bigint                                                         AS alerts,
       sum(true_positives)::bigint                                                 AS true_positives,
       sum(false_positives)::bigint                                                AS false_positives,
       sum(false_negatives)::bigint                                                AS false_negatives,
       round(sum(true_positives)::numeric
             / nullif(sum(true_positives) + sum(false_positives), 0), 4)           AS precision,
       round(sum(true_positives)::numeric
             / nullif(sum(true_positives) + sum(false_negatives), 0), 4)           AS recall
FROM report_window
WHERE run_id = :run_id
  AND window_ms = 1000
  AND path = 'fast';

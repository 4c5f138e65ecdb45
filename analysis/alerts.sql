-- alerts.sql
-- Answers:    how many alerts did the fast path (the "ML server") raise per device type, and how many were right?
-- Parameters: :run_id  the run id (a text literal)
-- Reads:      alert (one row per alert, with the generator's ground truth `anomaly` of the alerted message)
-- Columns:    device_type, alerts, true_alerts (the message carried an injected anomaly), false_alerts,
--             precision (true_alerts / alerts), detection_p50_ms and detection_p99_ms (alert time minus the
--             message's scheduled send time), devices (distinct devices alerted)
-- Recall needs the anomalies that raised no alert: see detection_quality.sql.
SELECT device_type,
       count(*)                                                      AS alerts,
       count(*) FILTER (WHERE anomaly)                               AS true_alerts,
       count(*) FILTER (WHERE NOT anomaly)                           AS false_alerts,
       round(count(*) FILTER (WHERE anomaly)::numeric / count(*), 4) AS precision,
       round(percentile_cont(0.5) WITHIN GROUP (
                 ORDER BY extract(epoch FROM detected_at - sent_at)::float8 * 1000)::numeric, 3)
                                                                     AS detection_p50_ms,
       round(percentile_cont(0.99) WITHIN GROUP (
                 ORDER BY extract(epoch FROM detected_at - sent_at)::float8 * 1000)::numeric, 3)
                                                                     AS detection_p99_ms,
       count(DISTINCT device_id)                                     AS devices
FROM alert
WHERE run_id = :run_id
GROUP BY device_type
ORDER BY device_type;

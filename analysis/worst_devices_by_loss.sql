-- worst_devices_by_loss.sql
-- Answers:    which 20 devices lost the most messages on the medium path (the database)?
-- Parameters: none (:run_id is not used: the medium path's telemetry table holds one run and has no run column)
-- Reads:      telemetry (the medium path's table, primary key (device_id, seq))
-- Columns:    device_id, device_type, expected (max(seq) + 1: seq starts at 0 and has no gaps at the sender),
--             stored, missing (expected - stored), missing_pct
-- Messages lost after a device's last stored row cannot be seen here, so missing is a lower bound; a device with
-- no row at all does not appear. Devices without loss are listed too (missing = 0) when fewer than 20 lost any.
SELECT device_id,
       min(device_type)                                             AS device_type,
       max(seq) + 1                                                 AS expected,
       count(*)                                                     AS stored,
       max(seq) + 1 - count(*)                                      AS missing,
       round(100.0 * (max(seq) + 1 - count(*)) / (max(seq) + 1), 3) AS missing_pct
FROM telemetry
GROUP BY device_id
ORDER BY missing DESC, device_id
LIMIT 20;

-- Statistics in SQL without parsing dates or sorting text (issue 14): each request keeps the UTC quarter-hour
-- of its arrival (seconds since 1970 / 900), its wait (arrival to call) and, once « done », its service time
-- (call, else start, to the end) in whole seconds clamped at 0; triggers keep them right whoever writes the
-- stamps. One covering index answers a period's statistics.
ALTER TABLE help_requests ADD COLUMN arrival_quarter INTEGER;
ALTER TABLE help_requests ADD COLUMN wait_s INTEGER;
ALTER TABLE help_requests ADD COLUMN service_s INTEGER;

CREATE TRIGGER help_requests_figures_insert AFTER INSERT ON help_requests
BEGIN
    UPDATE help_requests SET
        arrival_quarter = CAST(strftime('%s', created_at) AS INTEGER) / 900,
        wait_s = CASE WHEN called_at IS NOT NULL THEN
            MAX(0, CAST(strftime('%s', called_at) AS INTEGER) - CAST(strftime('%s', created_at) AS INTEGER)) END,
        service_s = CASE WHEN status = 'done' AND finished_at IS NOT NULL
            AND COALESCE(called_at, started_at) IS NOT NULL THEN
            MAX(0, CAST(strftime('%s', finished_at) AS INTEGER)
                - CAST(strftime('%s', COALESCE(called_at, started_at)) AS INTEGER)) END
    WHERE id = NEW.id;
END;

CREATE TRIGGER help_requests_figures_update
AFTER UPDATE OF status, created_at, called_at, started_at, finished_at ON help_requests
BEGIN
    UPDATE help_requests SET
        arrival_quarter = CAST(strftime('%s', created_at) AS INTEGER) / 900,
        wait_s = CASE WHEN called_at IS NOT NULL THEN
            MAX(0, CAST(strftime('%s', called_at) AS INTEGER) - CAST(strftime('%s', created_at) AS INTEGER)) END,
        service_s = CASE WHEN status = 'done' AND finished_at IS NOT NULL
            AND COALESCE(called_at, started_at) IS NOT NULL THEN
            MAX(0, CAST(strftime('%s', finished_at) AS INTEGER)
                - CAST(strftime('%s', COALESCE(called_at, started_at)) AS INTEGER)) END
    WHERE id = NEW.id;
END;

UPDATE help_requests SET status = status;

CREATE INDEX help_requests_stats
    ON help_requests (day, site_id, topic, status, arrival_quarter, wait_s, service_s);

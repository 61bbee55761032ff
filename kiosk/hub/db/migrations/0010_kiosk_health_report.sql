-- Issue 9 (kiosk health the advisor can see): what a kiosk says of itself besides its printer.
-- NULL = never said (a kiosk of an older version, or a report about the printer only).
ALTER TABLE kiosk_health ADD COLUMN version TEXT;
ALTER TABLE kiosk_health ADD COLUMN uptime_s INTEGER;
ALTER TABLE kiosk_health ADD COLUMN screen TEXT;
ALTER TABLE kiosk_health ADD COLUMN clock TEXT;

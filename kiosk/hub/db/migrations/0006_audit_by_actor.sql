-- Who is on duty at a site: "did this advisor act in the last 30 minutes" reads the audit log by actor.
CREATE INDEX audit_log_actor ON audit_log (actor, at);

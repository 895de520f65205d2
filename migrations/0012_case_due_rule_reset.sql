-- An agency's own due-date rule can be removed, so the agency returns to the installation default of that key
-- (src/server/due-rules). The defaults (agency_id NULL) are only ever updated, never deleted.
GRANT DELETE ON case_due_rule TO amparo_app;

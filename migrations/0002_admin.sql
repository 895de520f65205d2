-- Administration: custom roles belong to the agency that created them; built-in and shared roles have none.

CREATE EXTENSION IF NOT EXISTS unaccent;

ALTER TABLE role ADD COLUMN agency_id uuid REFERENCES agency (id);
CREATE INDEX role_agency ON role (agency_id);

-- Searching users by username or display name, ignoring case and accents.
CREATE INDEX app_user_agency_username ON app_user (agency_id, username);

GRANT SELECT, INSERT, UPDATE, DELETE ON role TO amparo_app;

-- The child's record and the case: persons with their names indexed for search, identity documents
-- (encrypted, with a keyed blind index), family members and contacts with the no-contact flag, cases with
-- a per-agency number, due-date rules, restriction to named users, emergency access and the field-level
-- change history. Every row carries its owning agency_id.

CREATE EXTENSION IF NOT EXISTS pg_trgm;

-- Persons ----------------------------------------------------------------------------------------------

CREATE TABLE person (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  agency_id uuid NOT NULL REFERENCES agency (id),
  given_names text NOT NULL,
  first_surname text,
  second_surname text,
  other_names text[] NOT NULL DEFAULT '{}',
  sex text,
  gender text,
  dob_precision text NOT NULL DEFAULT 'unknown'
    CHECK (dob_precision IN ('unknown', 'exact', 'year', 'age_range')),
  dob_date date,
  dob_year smallint,
  dob_age_min smallint,
  dob_age_max smallint,
  dob_as_of date,
  CHECK (dob_precision <> 'exact' OR dob_date IS NOT NULL),
  CHECK (dob_precision <> 'year' OR dob_year IS NOT NULL),
  CHECK (dob_precision <> 'age_range' OR (dob_age_min IS NOT NULL AND dob_age_max >= dob_age_min
    AND dob_as_of IS NOT NULL)),
  citizenships text[] NOT NULL DEFAULT '{}',
  pueblo text,
  linguistic_community text,
  primary_language text,
  other_languages text[] NOT NULL DEFAULT '{}',
  interpreter_needed boolean NOT NULL DEFAULT false,
  origin_department text,
  origin_municipality text,
  origin_community text,
  education_level text,
  disabilities text[] NOT NULL DEFAULT '{}',
  -- Folded given names, surnames and other names (src/core/names), for trigram similarity search.
  search_name text NOT NULL,
  -- Visible only to the users named in record_restriction.
  restricted boolean NOT NULL DEFAULT false,
  registered_by uuid REFERENCES app_user (id),
  version integer NOT NULL DEFAULT 1,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX person_agency_created ON person (agency_id, created_at DESC, id);
CREATE INDEX person_registered_by ON person (registered_by);
CREATE INDEX person_search_name_trgm ON person USING gin (search_name gin_trgm_ops);

-- Search tokens of a person's names: 'n:<folded word>' and 'k:<phonetic key>' (src/core/names/search-terms.ts).
CREATE TABLE person_name_token (
  agency_id uuid NOT NULL REFERENCES agency (id),
  token text NOT NULL,
  person_id uuid NOT NULL REFERENCES person (id) ON DELETE CASCADE,
  PRIMARY KEY (agency_id, token, person_id)
);
CREATE INDEX person_name_token_person ON person_name_token (person_id);
CREATE INDEX person_name_token_prefix ON person_name_token (agency_id, token text_pattern_ops);

CREATE TABLE person_identity_document (
  id uuid PRIMARY KEY,
  agency_id uuid NOT NULL REFERENCES agency (id),
  person_id uuid NOT NULL REFERENCES person (id),
  doc_type text NOT NULL,
  -- The number, encrypted by the application (context bound to this row); never stored in clear.
  number_sealed bytea NOT NULL,
  -- HMAC of the normalised number under a key of the keyed hasher: finds an exact number, reveals nothing.
  number_index bytea NOT NULL,
  issuing_country text,
  version integer NOT NULL DEFAULT 1,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX person_identity_document_person ON person_identity_document (person_id);
CREATE INDEX person_identity_document_index ON person_identity_document (agency_id, number_index);

-- Family members and other contacts of a person.
CREATE TABLE person_relation (
  id uuid PRIMARY KEY,
  agency_id uuid NOT NULL REFERENCES agency (id),
  person_id uuid NOT NULL REFERENCES person (id),
  kind text NOT NULL CHECK (kind IN ('family', 'contact')),
  name text NOT NULL,
  relationship text NOT NULL,
  is_guardian boolean NOT NULL DEFAULT false,
  -- Contact details, encrypted by the application.
  phone_sealed bytea,
  address_sealed bytea,
  notes_sealed bytea,
  no_contact boolean NOT NULL DEFAULT false,
  no_contact_reason text,
  no_contact_source text,
  CHECK (NOT no_contact OR (no_contact_reason IS NOT NULL AND no_contact_source IS NOT NULL)),
  version integer NOT NULL DEFAULT 1,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX person_relation_person ON person_relation (person_id, created_at);
CREATE INDEX person_relation_no_contact ON person_relation (person_id) WHERE no_contact;

-- Cases ------------------------------------------------------------------------------------------------

-- The per-agency, per-year sequence of case numbers (AMP-2026-000123).
CREATE TABLE case_counter (
  agency_id uuid NOT NULL REFERENCES agency (id),
  year integer NOT NULL,
  prefix text NOT NULL DEFAULT 'AMP' CHECK (prefix ~ '^[A-Z]{2,8}$'),
  last_value integer NOT NULL DEFAULT 0,
  PRIMARY KEY (agency_id, year)
);

CREATE TABLE case_file (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  agency_id uuid NOT NULL REFERENCES agency (id),
  number text NOT NULL,
  person_id uuid NOT NULL REFERENCES person (id),
  programme_id uuid NOT NULL REFERENCES programme (id),
  team_id uuid REFERENCES team (id),
  owner_user_id uuid REFERENCES app_user (id),
  case_type text NOT NULL,
  status text NOT NULL DEFAULT 'registration' CHECK (status IN ('registration', 'assessment', 'case_plan',
    'implementation', 'follow_up', 'closure')),
  status_changed_at timestamptz NOT NULL DEFAULT now(),
  status_reason text,
  closure_kind text,
  CHECK ((status = 'closure') = (closure_kind IS NOT NULL)),
  opened_at timestamptz NOT NULL DEFAULT now(),
  closed_at timestamptz,
  referral_org_type text,
  referral_org_name text,
  referral_date date,
  risk_level text CHECK (risk_level IN ('low', 'medium', 'high', 'critical')),
  risk_reasons text[] NOT NULL DEFAULT '{}',
  risk_notes_sealed bytea,
  -- {court, fileNumber, pgnOffice, measureType, orderDate, reviewDate, endDate}
  protection_measure jsonb,
  restricted boolean NOT NULL DEFAULT false,
  created_by uuid REFERENCES app_user (id),
  version integer NOT NULL DEFAULT 1,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now()
);
CREATE UNIQUE INDEX case_file_number ON case_file (agency_id, number);
CREATE INDEX case_file_person ON case_file (person_id);
CREATE INDEX case_file_owner ON case_file (agency_id, owner_user_id, status);
CREATE INDEX case_file_team ON case_file (agency_id, team_id, opened_at DESC);
CREATE INDEX case_file_programme ON case_file (agency_id, programme_id, opened_at DESC);
CREATE INDEX case_file_opened ON case_file (agency_id, opened_at DESC, id);

-- When case work falls due. agency_id NULL: the default for every agency; an agency's row of the same key
-- replaces it.
CREATE TABLE case_due_rule (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  agency_id uuid REFERENCES agency (id),
  key text NOT NULL CHECK (key ~ '^[a-z][a-z0-9_]{1,62}$'),
  statuses text[] NOT NULL,
  anchor text NOT NULL CHECK (anchor IN ('opened_at', 'status_changed_at', 'protection_review_date')),
  days integer NOT NULL CHECK (days >= 0 AND days <= 3650),
  active boolean NOT NULL DEFAULT true,
  version integer NOT NULL DEFAULT 1,
  updated_at timestamptz NOT NULL DEFAULT now()
);
CREATE UNIQUE INDEX case_due_rule_key ON case_due_rule (coalesce(agency_id, '00000000-0000-0000-0000-000000000000'), key);
INSERT INTO case_due_rule (key, statuses, anchor, days) VALUES
  ('initial_assessment', '{registration}', 'opened_at', 3),
  ('case_plan', '{registration,assessment}', 'opened_at', 14),
  ('plan_review', '{implementation}', 'status_changed_at', 90),
  ('follow_up', '{follow_up}', 'status_changed_at', 30),
  ('protection_review', '{registration,assessment,case_plan,implementation,follow_up}', 'protection_review_date', 7);

-- Access beyond scope ----------------------------------------------------------------------------------

-- A restricted person or case is visible only to the users listed here (e.g. a staff member's relative).
CREATE TABLE record_restriction (
  record_type text NOT NULL CHECK (record_type IN ('person', 'case')),
  record_id uuid NOT NULL,
  user_id uuid NOT NULL REFERENCES app_user (id),
  agency_id uuid NOT NULL REFERENCES agency (id),
  granted_by uuid REFERENCES app_user (id),
  granted_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (record_id, user_id)
);

-- "Break the glass": a user opened a case outside their scope, stating why, for a limited time.
CREATE TABLE emergency_access (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  agency_id uuid NOT NULL REFERENCES agency (id),
  user_id uuid NOT NULL REFERENCES app_user (id),
  record_type text NOT NULL CHECK (record_type IN ('case')),
  record_id uuid NOT NULL,
  reason text NOT NULL,
  granted_at timestamptz NOT NULL DEFAULT now(),
  expires_at timestamptz NOT NULL,
  reviewed_at timestamptz,
  reviewed_by uuid REFERENCES app_user (id),
  review_outcome text CHECK (review_outcome IN ('justified', 'unjustified')),
  review_comment text,
  version integer NOT NULL DEFAULT 1
);
CREATE INDEX emergency_access_user ON emergency_access (user_id, record_id, expires_at);
CREATE INDEX emergency_access_pending ON emergency_access (agency_id, granted_at DESC) WHERE reviewed_at IS NULL;

-- History ----------------------------------------------------------------------------------------------

-- Field-level changes of persons, their relations and documents, and cases. Values are encrypted by the
-- application (context bound to the row) and shown only through the presenter. Append-only.
CREATE TABLE change_history (
  id uuid PRIMARY KEY,
  agency_id uuid NOT NULL REFERENCES agency (id),
  -- The record whose history this belongs to (a person for its relations and documents).
  root_type text NOT NULL CHECK (root_type IN ('person', 'case')),
  root_id uuid NOT NULL,
  record_type text NOT NULL,
  record_id uuid NOT NULL,
  field text NOT NULL,
  version integer NOT NULL,
  changed_at timestamptz NOT NULL DEFAULT now(),
  actor_user_id uuid REFERENCES app_user (id),
  request_id text,
  old_value bytea,
  new_value bytea
);
CREATE INDEX change_history_root ON change_history (root_id, changed_at, id);

GRANT SELECT, INSERT, UPDATE ON person, person_identity_document, person_relation, case_counter, case_file,
  case_due_rule, emergency_access TO amparo_app;
GRANT SELECT, INSERT, DELETE ON person_name_token, record_restriction TO amparo_app;
GRANT SELECT, INSERT ON change_history TO amparo_app;

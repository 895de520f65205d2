-- The work recorded on a case: services delivered (with the agency's directory of service providers), case
-- notes with their corrections, consent and assent per purpose (with the configurable age-band rule), and
-- referrals and transfers to another programme or agency. Every row carries its owning agency_id; free
-- text about the child is encrypted by the application (context bound to the row).

-- Services ---------------------------------------------------------------------------------------------

-- Organisations an agency refers children to for services (hospital, school, legal clinic …).
CREATE TABLE service_provider (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  agency_id uuid NOT NULL REFERENCES agency (id),
  name text NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
  -- HTCDS org_Type
  org_type text NOT NULL,
  area text NOT NULL CHECK (area IN ('medical', 'psychosocial', 'educational', 'lodging', 'recreation',
    'legal', 'family', 'livelihood')),
  contact text CHECK (length(contact) <= 500),
  active boolean NOT NULL DEFAULT true,
  version integer NOT NULL DEFAULT 1,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now()
);
CREATE UNIQUE INDEX service_provider_name ON service_provider (agency_id, lower(name));

CREATE TABLE case_service (
  id uuid PRIMARY KEY,
  agency_id uuid NOT NULL REFERENCES agency (id),
  case_id uuid NOT NULL REFERENCES case_file (id),
  area text NOT NULL CHECK (area IN ('medical', 'psychosocial', 'educational', 'lodging', 'recreation',
    'legal', 'family', 'livelihood')),
  -- Delivered by a member of staff or by an organisation of the directory.
  provider_user_id uuid REFERENCES app_user (id),
  provider_id uuid REFERENCES service_provider (id),
  CHECK ((provider_user_id IS NULL) <> (provider_id IS NULL)),
  delivered_on date NOT NULL,
  duration_minutes integer CHECK (duration_minutes BETWEEN 1 AND 1440),
  outcome text NOT NULL,
  -- One-off support does not count as needs-based services in the indicators.
  one_off boolean NOT NULL DEFAULT false,
  -- Protected by the class of the area (medical → health, psychosocial, legal); encrypted.
  notes_sealed bytea,
  created_by uuid REFERENCES app_user (id),
  deleted_at timestamptz,
  deleted_by uuid REFERENCES app_user (id),
  version integer NOT NULL DEFAULT 1,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX case_service_case ON case_service (case_id, delivered_on DESC, id) WHERE deleted_at IS NULL;

-- Case notes -------------------------------------------------------------------------------------------

-- A note's class follows from its type (a session note is psychosocial, a legal note legal …) and decides
-- who may read it at all. Editable by its author for 24 hours; corrections after that are new notes.
CREATE TABLE case_note (
  id uuid PRIMARY KEY,
  agency_id uuid NOT NULL REFERENCES agency (id),
  case_id uuid NOT NULL REFERENCES case_file (id),
  note_type text NOT NULL,
  note_class text NOT NULL CHECK (note_class IN ('general', 'identity', 'contact_location', 'health',
    'psychosocial', 'legal', 'trafficking_experience')),
  occurred_on date,
  body_sealed bytea NOT NULL,
  corrects_note_id uuid REFERENCES case_note (id),
  author_user_id uuid REFERENCES app_user (id),
  version integer NOT NULL DEFAULT 1,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now()
);
-- A note is corrected once: a further correction corrects the correction, so the chain stays a line.
CREATE UNIQUE INDEX case_note_one_correction ON case_note (corrects_note_id) WHERE corrects_note_id IS NOT NULL;
CREATE INDEX case_note_case ON case_note (case_id, created_at DESC, id);

-- The wording a note had before each edit within its first 24 hours. Append-only.
CREATE TABLE case_note_revision (
  id uuid PRIMARY KEY,
  agency_id uuid NOT NULL REFERENCES agency (id),
  note_id uuid NOT NULL REFERENCES case_note (id),
  -- The note's version this wording belonged to.
  version integer NOT NULL,
  occurred_on date,
  body_sealed bytea NOT NULL,
  replaced_at timestamptz NOT NULL DEFAULT now(),
  replaced_by uuid REFERENCES app_user (id)
);
CREATE INDEX case_note_revision_note ON case_note_revision (note_id, version);

-- Consent and assent -----------------------------------------------------------------------------------

-- Who may give consent at each age (*verify*: the defaults below follow DOMAIN.md and must be confirmed by
-- each agency). agency_id NULL: the default; an agency with rows of its own uses only those.
CREATE TABLE consent_age_band (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  agency_id uuid REFERENCES agency (id),
  min_age smallint NOT NULL CHECK (min_age >= 0),
  max_age smallint NOT NULL CHECK (max_age >= min_age),
  child_role text NOT NULL CHECK (child_role IN ('none', 'assent', 'consent')),
  adult_role text NOT NULL CHECK (adult_role IN ('caregiver', 'caregiver_or_trusted_adult', 'not_needed')),
  verify boolean NOT NULL DEFAULT true,
  version integer NOT NULL DEFAULT 1,
  updated_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX consent_age_band_agency ON consent_age_band (agency_id);
INSERT INTO consent_age_band (min_age, max_age, child_role, adult_role, verify) VALUES
  (0, 5, 'none', 'caregiver', true),
  (6, 11, 'assent', 'caregiver', true),
  (12, 14, 'assent', 'caregiver_or_trusted_adult', true),
  (15, 17, 'consent', 'not_needed', true),
  (18, 150, 'consent', 'not_needed', false);

-- One giver's decision about one purpose (HTCDS con_Consent with its checklist).
CREATE TABLE consent (
  id uuid PRIMARY KEY,
  agency_id uuid NOT NULL REFERENCES agency (id),
  person_id uuid NOT NULL REFERENCES person (id),
  purpose text NOT NULL CHECK (purpose IN ('services', 'interview', 'referral_to_agency', 'data_sharing',
    'family_tracing', 'photographs', 'research_non_identifying')),
  -- The agency a referral goes to; optionally the one data is shared with.
  target_agency_id uuid REFERENCES agency (id),
  CHECK (purpose <> 'referral_to_agency' OR target_agency_id IS NOT NULL),
  CHECK (target_agency_id IS NULL OR purpose IN ('referral_to_agency', 'data_sharing')),
  decision text NOT NULL CHECK (decision IN ('granted', 'refused')),
  given_by text NOT NULL CHECK (given_by IN ('child', 'guardian', 'trusted_adult', 'pgn_or_court')),
  giver_name text,
  giver_relationship text,
  CHECK (given_by = 'child' OR giver_name IS NOT NULL),
  given_on date NOT NULL,
  told_purpose boolean NOT NULL,
  told_uses boolean NOT NULL,
  told_research_use boolean NOT NULL,
  told_right_to_request_data boolean NOT NULL,
  told_retention_period boolean NOT NULL,
  told_how_to_withdraw boolean NOT NULL,
  -- The signed form: an attachment id, or where the paper is kept.
  document_attachment_id uuid,
  document_reference text,
  withdrawn_on date,
  withdrawal_reason text,
  withdrawn_by uuid REFERENCES app_user (id),
  withdrawn_at timestamptz,
  CHECK ((withdrawn_on IS NULL) = (withdrawal_reason IS NULL)),
  CHECK (withdrawn_on IS NULL OR withdrawn_on >= given_on),
  recorded_by uuid REFERENCES app_user (id),
  version integer NOT NULL DEFAULT 1,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX consent_person ON consent (person_id, purpose, given_on);

-- Referrals and transfers ------------------------------------------------------------------------------

-- A case referred (or transferred) to another programme of the same agency or to another agency. agency_id
-- is the sending agency; the receiving side sees a narrow view of it (see 0007 decision).
CREATE TABLE referral (
  id uuid PRIMARY KEY,
  agency_id uuid NOT NULL REFERENCES agency (id),
  case_id uuid NOT NULL REFERENCES case_file (id),
  person_id uuid NOT NULL REFERENCES person (id),
  kind text NOT NULL CHECK (kind IN ('referral', 'transfer')),
  from_programme_id uuid NOT NULL REFERENCES programme (id),
  to_agency_id uuid NOT NULL REFERENCES agency (id),
  -- Set exactly when the referral stays within the agency.
  to_programme_id uuid REFERENCES programme (id),
  CHECK ((to_agency_id = agency_id) = (to_programme_id IS NOT NULL)),
  services_requested text[] NOT NULL DEFAULT '{}',
  urgency text NOT NULL CHECK (urgency IN ('routine', 'urgent')),
  reason_sealed bytea NOT NULL,
  status text NOT NULL DEFAULT 'sent' CHECK (status IN ('sent', 'accepted', 'rejected', 'completed')),
  -- What allowed sending it: a consent in force, or a coordinator's recorded override.
  consent_id uuid REFERENCES consent (id),
  override_reason_sealed bytea,
  override_by uuid REFERENCES app_user (id),
  CHECK ((consent_id IS NULL) = (override_reason_sealed IS NOT NULL)),
  sent_by uuid REFERENCES app_user (id),
  sent_at timestamptz NOT NULL DEFAULT now(),
  responded_by uuid REFERENCES app_user (id),
  responded_at timestamptz,
  response_reason_sealed bytea,
  -- An accepted transfer to another agency: the person and case opened there.
  received_person_id uuid REFERENCES person (id),
  received_case_id uuid REFERENCES case_file (id),
  completed_by uuid REFERENCES app_user (id),
  completed_at timestamptz,
  completion_notes_sealed bytea,
  version integer NOT NULL DEFAULT 1,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX referral_case ON referral (case_id, sent_at DESC);
CREATE INDEX referral_incoming ON referral (to_agency_id, sent_at DESC, id);
CREATE INDEX referral_outgoing ON referral (agency_id, sent_at DESC, id);

GRANT SELECT, INSERT, UPDATE ON service_provider, case_service, case_note, consent_age_band, consent,
  referral TO amparo_app;
GRANT SELECT, INSERT ON case_note_revision TO amparo_app;

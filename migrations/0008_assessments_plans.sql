-- Assessments made with versioned form definitions, the case plan with its reviews, and supervisor
-- approvals of plans and closures. Answers, plan content, reviews and approval comments are encrypted by
-- the application; every row of a case's work carries its owning agency_id.

-- Form definitions ---------------------------------------------------------------------------------------

-- A definition is immutable once published: a change is a new version. Installation-wide (not agency-owned).
CREATE TABLE form_definition (
  key text NOT NULL CHECK (key ~ '^[a-z][a-z0-9_]{1,62}$'),
  version integer NOT NULL CHECK (version >= 1),
  -- src/core/forms/definition.ts; checked by parseFormDefinition before it is stored.
  definition jsonb NOT NULL,
  CHECK (definition ->> 'key' = key AND (definition ->> 'version')::integer = version),
  -- NULL: not yet offered for new assessments.
  published_at timestamptz,
  created_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (key, version)
);

-- Assessments --------------------------------------------------------------------------------------------

CREATE TABLE assessment (
  id uuid PRIMARY KEY,
  agency_id uuid NOT NULL REFERENCES agency (id),
  case_id uuid NOT NULL REFERENCES case_file (id),
  -- The version it was made with: later versions of the form never change it.
  form_key text NOT NULL,
  form_version integer NOT NULL,
  FOREIGN KEY (form_key, form_version) REFERENCES form_definition (key, version),
  status text NOT NULL DEFAULT 'draft' CHECK (status IN ('draft', 'completed')),
  created_by uuid REFERENCES app_user (id),
  completed_by uuid REFERENCES app_user (id),
  completed_at timestamptz,
  CHECK ((status = 'completed') = (completed_at IS NOT NULL)),
  version integer NOT NULL DEFAULT 1,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX assessment_case ON assessment (case_id, created_at DESC, id);

-- The answers of an assessment, one encrypted JSON object per sensitivity class of their fields, so that
-- a class the reader is not cleared for is never even decrypted.
CREATE TABLE assessment_answers (
  id uuid PRIMARY KEY,
  agency_id uuid NOT NULL REFERENCES agency (id),
  assessment_id uuid NOT NULL REFERENCES assessment (id),
  field_class text NOT NULL CHECK (field_class IN ('identity', 'contact_location', 'health', 'psychosocial',
    'legal', 'trafficking_experience', 'general')),
  answers_sealed bytea NOT NULL,
  UNIQUE (assessment_id, field_class)
);

-- Case plan ----------------------------------------------------------------------------------------------

-- One plan per case. `version` changes with every edit (the ETag); `revision` only when the substance
-- changes (anything but the progress of actions), which is what a supervisor approves.
CREATE TABLE case_plan (
  id uuid PRIMARY KEY,
  agency_id uuid NOT NULL REFERENCES agency (id),
  case_id uuid NOT NULL UNIQUE REFERENCES case_file (id),
  -- Goals per domain with their actions (src/server/case-plans/schemas.ts), encrypted.
  goals_sealed bytea NOT NULL,
  revision integer NOT NULL DEFAULT 1,
  created_by uuid REFERENCES app_user (id),
  updated_by uuid REFERENCES app_user (id),
  version integer NOT NULL DEFAULT 1,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now()
);

-- Periodic reviews of the plan. Append-only.
CREATE TABLE case_plan_review (
  id uuid PRIMARY KEY,
  agency_id uuid NOT NULL REFERENCES agency (id),
  plan_id uuid NOT NULL REFERENCES case_plan (id),
  review_date date NOT NULL,
  summary_sealed bytea NOT NULL,
  next_review_date date,
  CHECK (next_review_date IS NULL OR next_review_date > review_date),
  plan_version integer NOT NULL,
  reviewed_by uuid REFERENCES app_user (id),
  created_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX case_plan_review_plan ON case_plan_review (plan_id, review_date DESC, created_at DESC);

-- Approvals ----------------------------------------------------------------------------------------------

-- A supervisor's approval of a plan revision or of a case's closure: requested, then approved or rejected.
CREATE TABLE approval (
  id uuid PRIMARY KEY,
  agency_id uuid NOT NULL REFERENCES agency (id),
  case_id uuid NOT NULL REFERENCES case_file (id),
  subject_type text NOT NULL CHECK (subject_type IN ('plan', 'closure')),
  -- The plan for 'plan', the case for 'closure'.
  subject_id uuid NOT NULL,
  -- The plan revision submitted ('plan' only).
  subject_revision integer,
  CHECK ((subject_type = 'plan') = (subject_revision IS NOT NULL)),
  requested_by uuid NOT NULL REFERENCES app_user (id),
  requested_at timestamptz NOT NULL DEFAULT now(),
  request_comment_sealed bytea,
  decision text CHECK (decision IN ('approved', 'rejected')),
  decided_by uuid REFERENCES app_user (id),
  decided_at timestamptz,
  comment_sealed bytea,
  CHECK ((decision IS NULL) = (decided_at IS NULL) AND (decision IS NULL) = (decided_by IS NULL)),
  CHECK (decision IS DISTINCT FROM 'rejected' OR comment_sealed IS NOT NULL),
  -- 'closure': when the approved closure was carried out (an approval closes a case once).
  used_at timestamptz,
  CHECK (used_at IS NULL OR (subject_type = 'closure' AND decision = 'approved'))
);
CREATE UNIQUE INDEX approval_one_pending ON approval (subject_type, subject_id) WHERE decision IS NULL;
CREATE INDEX approval_pending ON approval (agency_id, requested_at) WHERE decision IS NULL;
CREATE INDEX approval_case ON approval (case_id, requested_at DESC);

GRANT SELECT, INSERT ON form_definition TO amparo_app;
GRANT SELECT, INSERT, UPDATE ON assessment, case_plan, approval TO amparo_app;
GRANT SELECT, INSERT, UPDATE, DELETE ON assessment_answers TO amparo_app;
GRANT SELECT, INSERT ON case_plan_review TO amparo_app;

-- Sharing decisions (issue 3, item 1: "another agency sees it only through a referral, a transfer or a
-- sharing decision recorded with its reason"; item 7: sharing checks consent). The owning agency lets one
-- other agency read one case, and through it the case's person (read from the case: a merge of persons
-- needs nothing here), limited to the sensitivity classes named here, until it is revoked or expires. The receiving side reads only; it never writes. Revocation is set once:
-- a decision is otherwise never changed, and sharing again is a new decision.
CREATE TABLE sharing_decision (
  id uuid PRIMARY KEY,
  -- The owning agency: the case's agency when the decision was taken.
  agency_id uuid NOT NULL REFERENCES agency (id),
  case_id uuid NOT NULL REFERENCES case_file (id),
  to_agency_id uuid NOT NULL REFERENCES agency (id),
  CHECK (to_agency_id <> agency_id),
  -- A subset of the sensitivity classes of src/core/access/catalogue.ts; fields of class general go with
  -- the record.
  classes text[] NOT NULL CHECK (
    classes <@ ARRAY['identity', 'contact_location', 'health', 'psychosocial', 'legal',
      'trafficking_experience']::text[]
  ),
  reason_sealed bytea NOT NULL,
  -- What allowed it: a data-sharing consent in force, or a coordinator's recorded override.
  consent_id uuid REFERENCES consent (id),
  override_reason_sealed bytea,
  override_by uuid REFERENCES app_user (id),
  CHECK ((consent_id IS NULL) = (override_reason_sealed IS NOT NULL)),
  CHECK ((override_reason_sealed IS NULL) = (override_by IS NULL)),
  decided_by uuid NOT NULL REFERENCES app_user (id),
  decided_at timestamptz NOT NULL DEFAULT now(),
  -- In force through this day; NULL: until revoked.
  expires_on date,
  revoked_at timestamptz,
  revoked_by uuid REFERENCES app_user (id),
  revocation_reason_sealed bytea,
  CHECK ((revoked_at IS NULL) = (revoked_by IS NULL) AND (revoked_at IS NULL) = (revocation_reason_sealed IS NULL)),
  version integer NOT NULL DEFAULT 1,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now()
);
-- The receiving side's viewer reads its agency's decisions in force on every request.
CREATE INDEX sharing_decision_receiving ON sharing_decision (to_agency_id, case_id)
  INCLUDE (classes, expires_on, agency_id) WHERE revoked_at IS NULL;
CREATE INDEX sharing_decision_case ON sharing_decision (case_id, decided_at DESC);

GRANT SELECT, INSERT, UPDATE ON sharing_decision TO amparo_app;

-- The shipped coordinator role takes the new permission where an administrator has not changed it away from
-- approving cases (roles are data: ensureDefaultRoles does not touch existing rows).
UPDATE role SET permissions = array_append(permissions, 'case:share')
  WHERE key = 'programme_coordinator' AND built_in AND 'case:approve' = ANY (permissions)
    AND NOT ('case:share' = ANY (permissions));

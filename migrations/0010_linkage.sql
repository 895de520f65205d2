-- Record linkage in the database (issue 4): the blocking keys of every person, the versioned parameters of
-- the linkage model, the duplicate review queue with its decisions, reversible merges, whom another agency
-- should contact about a possible record, and family-tracing requests. Every protected row carries its
-- owning agency_id.

-- A person merged into another (the same child registered twice) stays as it was, hidden, until unmerged.
ALTER TABLE person ADD COLUMN merged_into uuid REFERENCES person (id);
CREATE INDEX person_merged_into ON person (merged_into) WHERE merged_into IS NOT NULL;

-- Blocking keys (src/server/linkage/keys.ts): a 53-bit hash of each key of each blocking rule of the linkage
-- configuration. Two persons sharing a key are candidates; a key held by too many persons is skipped.
CREATE TABLE person_block_key (
  key bigint NOT NULL,
  person_id uuid NOT NULL REFERENCES person (id) ON DELETE CASCADE,
  agency_id uuid NOT NULL REFERENCES agency (id),
  PRIMARY KEY (key, person_id)
);
CREATE INDEX person_block_key_person ON person_block_key (person_id);

-- Model parameters (m, u, λ) and term-frequency tables, versioned; one version is active. Installation-wide:
-- aggregates only, no person's data. 'shipped': trained on the synthetic generator; 'trained': on this data.
CREATE TABLE linkage_model (
  version integer PRIMARY KEY,
  spec_name text NOT NULL,
  spec_version integer NOT NULL,
  source text NOT NULL CHECK (source IN ('shipped', 'trained')),
  parameters jsonb NOT NULL,
  term_frequencies jsonb NOT NULL,
  records integer NOT NULL,
  active boolean NOT NULL DEFAULT false,
  created_by uuid REFERENCES app_user (id),
  created_at timestamptz NOT NULL DEFAULT now()
);
CREATE UNIQUE INDEX linkage_model_one_active ON linkage_model ((true)) WHERE active;

-- Candidate duplicates of one agency for coordinators to review, with the score and its explanation from the
-- model version that scored them. A decided pair is never proposed again ('not_same' is remembered).
CREATE TABLE linkage_pair (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  agency_id uuid NOT NULL REFERENCES agency (id),
  person_a uuid NOT NULL REFERENCES person (id),
  person_b uuid NOT NULL REFERENCES person (id),
  CHECK (person_a < person_b),
  score double precision NOT NULL,
  probability double precision NOT NULL,
  -- [{field, level, weight, termFrequency?}]: what agreed, what disagreed, how much (bits); no values.
  explanation jsonb NOT NULL,
  model_version integer NOT NULL REFERENCES linkage_model (version),
  found_by text NOT NULL CHECK (found_by IN ('dedup', 'registration')),
  status text NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'merged', 'not_same')),
  decided_by uuid REFERENCES app_user (id),
  decided_at timestamptz,
  CHECK ((status = 'pending') = (decided_at IS NULL)),
  version integer NOT NULL DEFAULT 1,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now()
);
CREATE UNIQUE INDEX linkage_pair_persons ON linkage_pair (person_a, person_b);
CREATE INDEX linkage_pair_person_b ON linkage_pair (person_b);
CREATE INDEX linkage_pair_queue ON linkage_pair (agency_id, status, score DESC, id);

-- "Same child": the merged person's cases, relations, documents, consents and referrals are re-pointed to the
-- survivor; `moved` lists exactly which rows ([{table, column, ids}]) so that an unmerge puts them back.
CREATE TABLE linkage_merge (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  agency_id uuid NOT NULL REFERENCES agency (id),
  pair_id uuid NOT NULL REFERENCES linkage_pair (id),
  survivor_id uuid NOT NULL REFERENCES person (id),
  merged_id uuid NOT NULL REFERENCES person (id),
  moved jsonb NOT NULL,
  merged_by uuid REFERENCES app_user (id),
  merged_at timestamptz NOT NULL DEFAULT now(),
  unmerged_by uuid REFERENCES app_user (id),
  unmerged_at timestamptz,
  version integer NOT NULL DEFAULT 1
);
CREATE INDEX linkage_merge_survivor ON linkage_merge (survivor_id, merged_at DESC);
CREATE INDEX linkage_merge_pair ON linkage_merge (pair_id);
CREATE UNIQUE INDEX linkage_merge_in_force ON linkage_merge (merged_id) WHERE unmerged_at IS NULL;

-- Whom another agency should contact about a possible record held here (an office, a phone, an e-mail).
CREATE TABLE linkage_contact (
  agency_id uuid PRIMARY KEY REFERENCES agency (id),
  contact text NOT NULL CHECK (length(contact) BETWEEN 1 AND 500),
  version integer NOT NULL DEFAULT 1,
  updated_by uuid REFERENCES app_user (id),
  updated_at timestamptz NOT NULL DEFAULT now()
);

-- A family-tracing request: who asks, for whom, what is known. Answered live (consent can change), only among
-- records whose consent allows family tracing.
CREATE TABLE tracing_request (
  id uuid PRIMARY KEY,
  agency_id uuid NOT NULL REFERENCES agency (id),
  requester_name text NOT NULL,
  requester_relation text NOT NULL,
  requester_institution text,
  -- Encrypted by the application (context bound to the row).
  requester_contact_sealed bytea NOT NULL,
  given_names text NOT NULL,
  first_surname text,
  second_surname text,
  sex text,
  birth_date date,
  birth_year_min smallint,
  birth_year_max smallint,
  CHECK (birth_year_min IS NULL OR birth_year_max >= birth_year_min),
  department_code text,
  municipality_code text,
  place_text text,
  mother_name text,
  father_name text,
  notes_sealed bytea,
  status text NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'closed')),
  created_by uuid REFERENCES app_user (id),
  version integer NOT NULL DEFAULT 1,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX tracing_request_agency ON tracing_request (agency_id, created_at DESC, id);

-- Coordinators review duplicates (built-in roles only; the shipped role list gives it to new installations).
UPDATE role SET permissions = permissions || '{person:merge,person:trace}'::text[]
  WHERE key = 'programme_coordinator' AND built_in AND NOT ('person:merge' = ANY (permissions));
UPDATE role SET permissions = permissions || '{person:trace}'::text[]
  WHERE key = 'social_worker' AND built_in AND NOT ('person:trace' = ANY (permissions));

GRANT SELECT, INSERT, DELETE ON person_block_key TO amparo_app;
-- A merge re-points a person's attachments (append-only otherwise): that column alone.
GRANT UPDATE (person_id) ON attachment TO amparo_app;
GRANT SELECT, INSERT, UPDATE ON linkage_model, linkage_pair, linkage_merge, linkage_contact, tracing_request
  TO amparo_app;

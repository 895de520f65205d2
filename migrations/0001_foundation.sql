-- Amparo foundation: organisations, identity, sessions, roles and the hash-chained audit trail.
-- The application connects as a member of amparo_app; the schema is owned by the migrating role.

DO $$
BEGIN
  IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'amparo_app') THEN
    RAISE EXCEPTION 'The role amparo_app must exist before migrating (see README: external PostgreSQL)';
  END IF;
END $$;

CREATE EXTENSION IF NOT EXISTS pgcrypto;

-- Organisations ---------------------------------------------------------------------------------------

CREATE TABLE agency (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  name text NOT NULL,
  short_name text,
  -- HTCDS organisation type (org_type), e.g. NonGovernmentalOrganisation, GovernmentAgency
  org_type text NOT NULL,
  active boolean NOT NULL DEFAULT true,
  version integer NOT NULL DEFAULT 1,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now()
);
CREATE UNIQUE INDEX agency_name_unique ON agency (lower(name));

CREATE TABLE programme (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  agency_id uuid NOT NULL REFERENCES agency (id),
  kind text NOT NULL CHECK (kind IN ('protection_centre', 'returnee_reintegration', 'community_prevention',
    'legal_assistance', 'capacity_building', 'monitoring_evaluation')),
  name text NOT NULL,
  active boolean NOT NULL DEFAULT true,
  version integer NOT NULL DEFAULT 1,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now()
);
CREATE UNIQUE INDEX programme_name_unique ON programme (agency_id, lower(name));

CREATE TABLE team (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  agency_id uuid NOT NULL REFERENCES agency (id),
  programme_id uuid REFERENCES programme (id),
  name text NOT NULL,
  active boolean NOT NULL DEFAULT true,
  version integer NOT NULL DEFAULT 1,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now()
);
CREATE UNIQUE INDEX team_name_unique ON team (agency_id, lower(name));

-- Roles are data: permissions as 'resource:action', a scope and clearances for sensitivity classes.
CREATE TABLE role (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  key text NOT NULL UNIQUE CHECK (key ~ '^[a-z][a-z0-9_]{1,62}$'),
  name_es text NOT NULL,
  name_en text NOT NULL,
  purpose_es text NOT NULL,
  purpose_en text NOT NULL,
  scope text NOT NULL CHECK (scope IN ('own', 'team', 'programme', 'agency', 'all')),
  permissions text[] NOT NULL DEFAULT '{}',
  clearances text[] NOT NULL DEFAULT '{}',
  requires_two_factor boolean NOT NULL DEFAULT false,
  aggregates_only boolean NOT NULL DEFAULT false,
  built_in boolean NOT NULL DEFAULT false,
  version integer NOT NULL DEFAULT 1,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now()
);

-- Identity --------------------------------------------------------------------------------------------

CREATE TABLE app_user (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  agency_id uuid NOT NULL REFERENCES agency (id),
  username text NOT NULL CHECK (username ~ '^[a-z0-9][a-z0-9._-]{2,63}$'),
  display_name text NOT NULL,
  password_hash text,
  password_changed_at timestamptz,
  locale text NOT NULL DEFAULT 'es-GT' CHECK (locale IN ('es-GT', 'en')),
  active boolean NOT NULL DEFAULT true,
  deactivated_at timestamptz,
  -- TOTP secret, encrypted by the application (envelope: wrapped data key + AES-256-GCM)
  totp_secret bytea,
  totp_pending_secret bytea,
  totp_enabled_at timestamptz,
  recovery_code_hashes text[] NOT NULL DEFAULT '{}',
  version integer NOT NULL DEFAULT 1,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now()
);
CREATE UNIQUE INDEX app_user_username_unique ON app_user (username);
CREATE INDEX app_user_agency ON app_user (agency_id);

-- A role held by a user, optionally within one programme (the scope 'programme' refers to it).
CREATE TABLE user_role (
  user_id uuid NOT NULL REFERENCES app_user (id),
  role_id uuid NOT NULL REFERENCES role (id),
  programme_id uuid REFERENCES programme (id),
  granted_at timestamptz NOT NULL DEFAULT now(),
  granted_by uuid REFERENCES app_user (id)
);
CREATE UNIQUE INDEX user_role_unique ON user_role (user_id, role_id, coalesce(programme_id, '00000000-0000-0000-0000-000000000000'));

CREATE TABLE team_member (
  team_id uuid NOT NULL REFERENCES team (id),
  user_id uuid NOT NULL REFERENCES app_user (id),
  PRIMARY KEY (team_id, user_id)
);
CREATE INDEX team_member_user ON team_member (user_id);

CREATE TABLE user_session (
  id bytea PRIMARY KEY, -- SHA-256 of the cookie value; the value itself is never stored
  user_id uuid NOT NULL REFERENCES app_user (id),
  csrf_token text NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  last_seen_at timestamptz NOT NULL DEFAULT now(),
  expires_at timestamptz NOT NULL,
  ended_at timestamptz,
  ended_reason text,
  ip inet,
  user_agent text,
  -- false while the user still has to enrol two-factor login before doing anything else
  fully_authenticated boolean NOT NULL DEFAULT true
);
CREATE INDEX user_session_user ON user_session (user_id) WHERE ended_at IS NULL;

CREATE TABLE api_token (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  user_id uuid NOT NULL REFERENCES app_user (id),
  name text NOT NULL,
  token_hash bytea NOT NULL UNIQUE, -- HMAC-SHA-256 keyed with a key derived from the master key
  scopes text[] NOT NULL,
  expires_at timestamptz NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  last_used_at timestamptz,
  revoked_at timestamptz
);
CREATE INDEX api_token_user ON api_token (user_id);

-- Failed logins per account and per address, for progressive delay and temporary lockout.
CREATE TABLE login_throttle (
  key text PRIMARY KEY, -- 'user:<username>' or 'ip:<address>'
  failures integer NOT NULL DEFAULT 0,
  last_failure_at timestamptz NOT NULL DEFAULT now(),
  locked_until timestamptz
);

-- One-time links: first-run setup and administrator-issued password resets.
CREATE TABLE one_time_link (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  purpose text NOT NULL CHECK (purpose IN ('setup', 'password_reset')),
  token_hash bytea NOT NULL UNIQUE,
  user_id uuid REFERENCES app_user (id),
  created_by uuid REFERENCES app_user (id),
  created_at timestamptz NOT NULL DEFAULT now(),
  expires_at timestamptz NOT NULL,
  used_at timestamptz
);

CREATE TABLE system_setting (
  key text PRIMARY KEY,
  value jsonb NOT NULL,
  version integer NOT NULL DEFAULT 1,
  updated_at timestamptz NOT NULL DEFAULT now(),
  updated_by uuid REFERENCES app_user (id)
);

-- Random key material, each value encrypted by the application under the master key (re-wrapped on
-- rotation). Holds the root of the keyed hashes used to look up tokens and links.
CREATE TABLE key_material (
  name text PRIMARY KEY,
  sealed bytea NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now()
);

-- Audit trail -----------------------------------------------------------------------------------------

-- The trail is N = 16 hash chains ("lanes", see docs/decisions/0002): `seq` numbers every event in the order
-- it was written (gaps allowed: for sorting and display); `lane_seq` is its gapless position in its lane,
-- and `prev_hash` the hash of the lane's previous event.
CREATE SEQUENCE audit_event_seq AS bigint;

CREATE TABLE audit_event (
  seq bigint PRIMARY KEY,
  lane smallint NOT NULL,
  lane_seq bigint NOT NULL,
  occurred_at timestamptz NOT NULL DEFAULT clock_timestamp(),
  actor_user_id uuid,
  actor_agency_id uuid,
  action text NOT NULL,
  outcome text NOT NULL CHECK (outcome IN ('success', 'denied', 'failure')),
  resource_type text,
  resource_ids text[] NOT NULL DEFAULT '{}',
  request_id text,
  ip inet,
  details jsonb NOT NULL DEFAULT '{}',
  prev_hash bytea NOT NULL,
  hash bytea NOT NULL,
  UNIQUE (lane, lane_seq)
);
CREATE INDEX audit_event_actor ON audit_event (actor_user_id, occurred_at DESC);
CREATE INDEX audit_event_resource ON audit_event USING gin (resource_ids);
CREATE INDEX audit_event_action ON audit_event (action, occurred_at DESC);
CREATE INDEX audit_event_time ON audit_event (occurred_at DESC);

-- The newest link of each lane (`seq` is its lane_seq); only the SECURITY DEFINER trigger below touches it.
CREATE TABLE audit_chain_head (
  lane smallint PRIMARY KEY,
  seq bigint NOT NULL,
  hash bytea NOT NULL
);
INSERT INTO audit_chain_head (lane, seq, hash)
  SELECT lane, 0, '\x0000000000000000000000000000000000000000000000000000000000000000'
  FROM generate_series(0, 15) AS lane;

-- The canonical text of an event that its hash covers: every column but the hash, in a fixed order, each
-- value written unambiguously (length-prefixed) so no two different rows share a text.
CREATE FUNCTION audit_event_canonical(e audit_event) RETURNS text
LANGUAGE sql IMMUTABLE AS $$
  SELECT string_agg(length(coalesce(v, '')) || ':' || coalesce(v, '~'), '|' ORDER BY n)
  FROM unnest(ARRAY[
    e.seq::text,
    e.lane::text,
    e.lane_seq::text,
    to_char(e.occurred_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"'),
    e.actor_user_id::text,
    e.actor_agency_id::text,
    e.action,
    e.outcome,
    e.resource_type,
    array_to_json(e.resource_ids)::text,
    e.request_id,
    host(e.ip),
    e.details::text,
    encode(e.prev_hash, 'hex')
  ]) WITH ORDINALITY AS t(v, n)
$$;

-- Appends the event to a lane: the row lock on the lane's head is held until the transaction ends, so each
-- lane follows commit order exactly, while up to 16 transactions commit side by side (and share fsyncs).
-- A transaction keeps the lane of its first event (remembered in a transaction-local setting): it never
-- holds two lanes, and only a transaction holding none waits for one, so lanes cannot deadlock. A first
-- event takes this connection's lane if free, else any free lane, else waits for this connection's lane.
CREATE FUNCTION audit_event_chain() RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp AS $$
DECLARE
  held text := current_setting('amparo.audit_lane', true);
  preferred smallint := pg_backend_pid() % 16;
  head audit_chain_head;
BEGIN
  IF held ~ '^[0-9]{1,4}$' THEN
    SELECT * INTO head FROM audit_chain_head WHERE lane = held::smallint FOR UPDATE;
  END IF;
  IF head.lane IS NULL THEN
    SELECT * INTO head FROM audit_chain_head WHERE lane = preferred FOR UPDATE SKIP LOCKED;
  END IF;
  IF head.lane IS NULL THEN
    SELECT * INTO head FROM audit_chain_head
      ORDER BY (lane - preferred + 16) % 16 LIMIT 1 FOR UPDATE SKIP LOCKED;
  END IF;
  IF head.lane IS NULL THEN
    SELECT * INTO head FROM audit_chain_head WHERE lane = preferred FOR UPDATE;
  END IF;
  PERFORM set_config('amparo.audit_lane', head.lane::text, true);
  NEW.seq := nextval('audit_event_seq');
  NEW.lane := head.lane;
  NEW.lane_seq := head.seq + 1;
  NEW.occurred_at := clock_timestamp();
  NEW.prev_hash := head.hash;
  NEW.hash := digest(audit_event_canonical(NEW), 'sha256');
  UPDATE audit_chain_head SET seq = NEW.lane_seq, hash = NEW.hash WHERE lane = head.lane;
  RETURN NEW;
END $$;
CREATE TRIGGER audit_event_chain BEFORE INSERT ON audit_event FOR EACH ROW EXECUTE FUNCTION audit_event_chain();

CREATE FUNCTION audit_event_immutable() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'audit_event is append-only' USING ERRCODE = 'insufficient_privilege';
END $$;
CREATE TRIGGER audit_event_no_update BEFORE UPDATE OR DELETE ON audit_event
  FOR EACH ROW EXECUTE FUNCTION audit_event_immutable();
CREATE TRIGGER audit_event_no_truncate BEFORE TRUNCATE ON audit_event
  FOR EACH STATEMENT EXECUTE FUNCTION audit_event_immutable();

-- Privileges of the application role --------------------------------------------------------------------

GRANT SELECT, INSERT, UPDATE, DELETE ON agency, programme, team, role, app_user, user_role, team_member,
  user_session, api_token, login_throttle, one_time_link, system_setting, key_material TO amparo_app;
GRANT SELECT ON schema_migration TO amparo_app;
GRANT SELECT, INSERT ON audit_event TO amparo_app;
REVOKE UPDATE, DELETE, TRUNCATE ON audit_event FROM amparo_app;
REVOKE ALL ON audit_chain_head FROM amparo_app;
GRANT SELECT ON audit_chain_head TO amparo_app;

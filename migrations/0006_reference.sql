-- Reference lists: places (INE departments and municipalities), languages (ISO 639-3), census pueblos and
-- countries (ISO 3166-1). Rows are seeded at start-up from the data shipped with the application
-- (src/server/reference/seed.ts): missing rows are inserted, and a row an administrator has edited
-- (edited_at set) is never overwritten. Codes never change; an entry is renamed or deactivated instead.

CREATE TABLE place (
  code text PRIMARY KEY CHECK (code ~ '^[0-9]{2}([0-9]{2})?$'),
  kind text NOT NULL CHECK (kind IN ('department', 'municipality', 'lake')),
  department_code text REFERENCES place (code),
  pcode text NOT NULL UNIQUE,
  name_es text NOT NULL CHECK (length(name_es) BETWEEN 1 AND 200),
  name_en text NOT NULL CHECK (length(name_en) BETWEEN 1 AND 200),
  area_km2 double precision,
  centroid_lat double precision,
  centroid_lon double precision,
  active boolean NOT NULL DEFAULT true,
  version integer NOT NULL DEFAULT 1,
  edited_at timestamptz,
  edited_by uuid REFERENCES app_user (id),
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  CHECK ((kind = 'department') = (department_code IS NULL)),
  CHECK (kind = 'department' OR left(code, 2) = department_code)
);
CREATE INDEX place_department ON place (department_code);

CREATE TABLE pueblo (
  code text PRIMARY KEY CHECK (code ~ '^[a-z_]{2,40}$'),
  name_es text NOT NULL CHECK (length(name_es) BETWEEN 1 AND 200),
  name_en text NOT NULL CHECK (length(name_en) BETWEEN 1 AND 200),
  -- DOMAIN.md marks the census list "verify": a default an administrator should confirm.
  verify boolean NOT NULL DEFAULT false,
  sort_order integer NOT NULL DEFAULT 0,
  active boolean NOT NULL DEFAULT true,
  version integer NOT NULL DEFAULT 1,
  edited_at timestamptz,
  edited_by uuid REFERENCES app_user (id),
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE language (
  code text PRIMARY KEY CHECK (code ~ '^[a-z]{3}$'),
  name_es text NOT NULL CHECK (length(name_es) BETWEEN 1 AND 200),
  name_en text NOT NULL CHECK (length(name_en) BETWEEN 1 AND 200),
  family text NOT NULL CHECK (family IN ('mayan', 'arawakan', 'xinkan', 'indo_european', 'other')),
  -- The census comunidad lingüística the language corresponds to (NULL for Spanish, English).
  comunidad text,
  pueblo_code text REFERENCES pueblo (code),
  verify boolean NOT NULL DEFAULT false,
  sort_order integer NOT NULL DEFAULT 0,
  active boolean NOT NULL DEFAULT true,
  version integer NOT NULL DEFAULT 1,
  edited_at timestamptz,
  edited_by uuid REFERENCES app_user (id),
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE country (
  code text PRIMARY KEY CHECK (code ~ '^[A-Z]{2}$'),
  alpha3 text NOT NULL UNIQUE CHECK (alpha3 ~ '^[A-Z]{3}$'),
  numeric_code text NOT NULL CHECK (numeric_code ~ '^[0-9]{3}$'),
  name_es text NOT NULL CHECK (length(name_es) BETWEEN 1 AND 200),
  name_en text NOT NULL CHECK (length(name_en) BETWEEN 1 AND 200),
  active boolean NOT NULL DEFAULT true,
  version integer NOT NULL DEFAULT 1,
  edited_at timestamptz,
  edited_by uuid REFERENCES app_user (id),
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now()
);

-- The application seeds and edits entries; it never deletes them (records refer to the codes).
GRANT SELECT, INSERT, UPDATE ON place, pueblo, language, country TO amparo_app;

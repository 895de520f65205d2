-- The case core at scale (issue 3, "Performance"): demo and benchmark persons are marked as synthetic.

-- Persons made by `amparo demo seed` (and the benchmarks): clearly synthetic, never a real child.
ALTER TABLE person ADD COLUMN synthetic boolean NOT NULL DEFAULT false;
CREATE INDEX person_synthetic ON person (agency_id) WHERE synthetic;

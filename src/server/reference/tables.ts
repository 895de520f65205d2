import type { ColumnType, Generated } from 'kysely';

/** Kysely types of the reference tables (migrations/0006_reference.sql), merged into the Database type. */

type Version = ColumnType<number, number | undefined, number>;
type CreatedAt = ColumnType<Date, Date | string | undefined, never>;
type Timestamp = ColumnType<Date, Date | string | undefined, Date | string>;

interface Edited {
  active: Generated<boolean>;
  version: Version;
  /** Set when an administrator changes the entry; the start-up seeding then leaves it alone. */
  edited_at: ColumnType<Date | null, Date | string | null | undefined, Date | string | null>;
  edited_by: ColumnType<string | null, string | null | undefined, string | null>;
  created_at: CreatedAt;
  updated_at: Timestamp;
}

export interface PlaceTable extends Edited {
  code: string;
  kind: 'department' | 'municipality' | 'lake';
  department_code: string | null;
  pcode: string;
  name_es: string;
  name_en: string;
  area_km2: number | null;
  centroid_lat: number | null;
  centroid_lon: number | null;
}

export interface PuebloTable extends Edited {
  code: string;
  name_es: string;
  name_en: string;
  verify: Generated<boolean>;
  sort_order: Generated<number>;
}

export interface LanguageTable extends Edited {
  code: string;
  name_es: string;
  name_en: string;
  family: string;
  comunidad: string | null;
  pueblo_code: string | null;
  verify: Generated<boolean>;
  sort_order: Generated<number>;
}

export interface CountryTable extends Edited {
  code: string;
  alpha3: string;
  numeric_code: string;
  name_es: string;
  name_en: string;
}

declare module '../platform/db/database.ts' {
  interface Database {
    place: PlaceTable;
    pueblo: PuebloTable;
    language: LanguageTable;
    country: CountryTable;
  }
}

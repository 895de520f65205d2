import { Kysely, PostgresDialect, type ColumnType, type Generated, type Transaction } from 'kysely';
import pg from 'pg';
import { preparingPool } from './prepared-statements.ts';

// Dates come back as Date; bigint (int8) columns as strings unless parsed below.
pg.types.setTypeParser(pg.types.builtins.INT8, (v) => Number(v));

type Timestamp = ColumnType<Date, Date | string | undefined, Date | string>;
type CreatedAt = ColumnType<Date, Date | string | undefined, never>;
type Version = ColumnType<number, number | undefined, number>;

export interface AgencyTable {
  id: Generated<string>;
  name: string;
  short_name: string | null;
  org_type: string;
  active: Generated<boolean>;
  version: Version;
  created_at: CreatedAt;
  updated_at: Timestamp;
}

export interface ProgrammeTable {
  id: Generated<string>;
  agency_id: string;
  kind: string;
  name: string;
  active: Generated<boolean>;
  version: Version;
  created_at: CreatedAt;
  updated_at: Timestamp;
}

export interface TeamTable {
  id: Generated<string>;
  agency_id: string;
  programme_id: string | null;
  name: string;
  active: Generated<boolean>;
  version: Version;
  created_at: CreatedAt;
  updated_at: Timestamp;
}

export interface RoleTable {
  id: Generated<string>;
  key: string;
  name_es: string;
  name_en: string;
  purpose_es: string;
  purpose_en: string;
  scope: string;
  permissions: string[];
  clearances: string[];
  requires_two_factor: Generated<boolean>;
  aggregates_only: Generated<boolean>;
  built_in: Generated<boolean>;
  /** NULL: built-in or shared by every agency; else the agency whose custom role this is (0002). */
  agency_id: ColumnType<string | null, string | null | undefined, string | null>;
  version: Version;
  created_at: CreatedAt;
  updated_at: Timestamp;
}

export interface AppUserTable {
  id: Generated<string>;
  agency_id: string;
  username: string;
  display_name: string;
  password_hash: string | null;
  password_changed_at: Date | null;
  locale: Generated<string>;
  active: Generated<boolean>;
  deactivated_at: Date | null;
  totp_secret: Buffer | null;
  totp_pending_secret: Buffer | null;
  totp_enabled_at: Date | null;
  /** The last TOTP time step accepted (0003); a code of this step or an earlier one is refused. */
  totp_last_step: ColumnType<number | null, number | null | undefined, number | null>;
  recovery_code_hashes: Generated<string[]>;
  version: Version;
  created_at: CreatedAt;
  updated_at: Timestamp;
}

export interface UserRoleTable {
  user_id: string;
  role_id: string;
  programme_id: string | null;
  granted_at: Generated<Date>;
  granted_by: string | null;
}

export interface TeamMemberTable {
  team_id: string;
  user_id: string;
}

export interface UserSessionTable {
  id: Buffer;
  user_id: string;
  csrf_token: string;
  created_at: Generated<Date>;
  last_seen_at: Timestamp;
  expires_at: Date;
  ended_at: Date | null;
  ended_reason: string | null;
  ip: string | null;
  user_agent: string | null;
  fully_authenticated: Generated<boolean>;
}

export interface ApiTokenTable {
  id: Generated<string>;
  user_id: string;
  name: string;
  token_hash: Buffer;
  scopes: string[];
  expires_at: Date;
  created_at: Generated<Date>;
  last_used_at: Date | null;
  revoked_at: Date | null;
}

export interface LoginThrottleTable {
  key: string;
  failures: number;
  last_failure_at: Timestamp;
  locked_until: Date | null;
}

export interface OneTimeLinkTable {
  id: Generated<string>;
  purpose: 'setup' | 'password_reset';
  token_hash: Buffer;
  user_id: string | null;
  created_by: string | null;
  created_at: Generated<Date>;
  expires_at: Date;
  used_at: Date | null;
}

export interface SystemSettingTable {
  key: string;
  value: unknown;
  version: Version;
  updated_at: Timestamp;
  updated_by: string | null;
}

export interface AuditEventTable {
  /** Written order across the trail (gaps allowed); assigned by the chain trigger like the next two. */
  seq: Generated<number>;
  lane: Generated<number>;
  /** Gapless position in the lane. */
  lane_seq: Generated<number>;
  occurred_at: Generated<Date>;
  actor_user_id: string | null;
  actor_agency_id: string | null;
  action: string;
  outcome: 'success' | 'denied' | 'failure';
  resource_type: string | null;
  resource_ids: string[];
  request_id: string | null;
  ip: string | null;
  details: ColumnType<Record<string, unknown>, string | undefined, never>;
  prev_hash: Generated<Buffer>;
  hash: Generated<Buffer>;
}

export interface KeyMaterialTable {
  name: string;
  sealed: Buffer;
  created_at: Generated<Date>;
}

export interface AuditChainHeadTable {
  lane: number;
  /** The lane_seq of the lane's newest event (0: none yet). */
  seq: number;
  hash: Buffer;
}

/**
 * A user's time-limited access to a case outside their scope ("break the glass", src/server/cases/emergency.ts):
 * an access-control fact, loaded with the actor like their roles and teams.
 */
export interface EmergencyAccessTable {
  id: Generated<string>;
  agency_id: string;
  user_id: string;
  record_type: 'case';
  record_id: string;
  reason: string;
  granted_at: Generated<Date>;
  expires_at: Date;
  reviewed_at: Date | null;
  reviewed_by: string | null;
  review_outcome: string | null;
  review_comment: string | null;
  version: Version;
}

export interface Database {
  key_material: KeyMaterialTable;
  agency: AgencyTable;
  programme: ProgrammeTable;
  team: TeamTable;
  role: RoleTable;
  app_user: AppUserTable;
  user_role: UserRoleTable;
  team_member: TeamMemberTable;
  emergency_access: EmergencyAccessTable;
  user_session: UserSessionTable;
  api_token: ApiTokenTable;
  login_throttle: LoginThrottleTable;
  one_time_link: OneTimeLinkTable;
  system_setting: SystemSettingTable;
  audit_event: AuditEventTable;
  audit_chain_head: AuditChainHeadTable;
}

export type Db = Kysely<Database>;
export type Tx = Transaction<Database>;
/** Either the pool or a transaction: what a store or service runs its statements on. */
export type Executor = Kysely<Database>;

export function createDatabase(connectionString: string, max: number): { db: Db; pool: pg.Pool } {
  const pool = preparingPool({ connectionString, max, application_name: 'amparo' });
  // An idle client that loses its connection must not crash the process.
  pool.on('error', () => undefined);
  return { db: new Kysely<Database>({ dialect: new PostgresDialect({ pool }) }), pool };
}

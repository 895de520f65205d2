import type { Executor } from '../../platform/db/database.ts';
import { ProblemError, validationProblem, type FieldError } from '../../platform/http/problem.ts';
import { isUuid } from '../../../core/ids.ts';

/** The same rule as the CHECK on app_user.username (migration 0001). */
export const USERNAME_PATTERN = /^[a-z0-9][a-z0-9._-]{2,63}$/;
export const DISPLAY_NAME_MAX = 200;

export interface RoleAssignment {
  key: string;
  programmeId?: string | null;
}

export interface NewUserAccount {
  agencyId: string;
  username: string;
  displayName: string;
  locale?: 'es-GT' | 'en';
  roles: RoleAssignment[];
  teamIds?: string[];
  /** Only the CLI sets a password directly; the API hands out a one-time link instead. */
  passwordHash?: string | null;
  grantedBy: string | null;
}

export const usernameTaken = () =>
  new ProblemError('conflict', 'Ese nombre de usuario ya está en uso.', {
    errors: [{ field: 'body.username', code: 'taken', message: 'Ese nombre de usuario ya está en uso.' }],
  });

/**
 * Resolves role assignments for a user of `agencyId`: each key must name a role visible to that agency
 * (built-in/shared or the agency's own), each programme must belong to the agency. Collects field errors.
 */
export async function resolveRoleAssignments(
  db: Executor,
  agencyId: string,
  roles: RoleAssignment[],
  errors: FieldError[],
  field = 'body.roles',
): Promise<Array<{ roleId: string; key: string; programmeId: string | null }>> {
  const keys = [...new Set(roles.map((r) => r.key))];
  const found =
    keys.length === 0
      ? []
      : await db
          .selectFrom('role')
          .select(['id', 'key'])
          .where('key', 'in', keys)
          .where((eb) => eb.or([eb('agency_id', 'is', null), eb('agency_id', '=', agencyId)]))
          .execute();
  const roleIdByKey = new Map(found.map((r) => [r.key, r.id]));
  const programmeIds = [
    ...new Set(roles.map((r) => r.programmeId).filter((p): p is string => !!p && isUuid(p))),
  ];
  const programmes =
    programmeIds.length === 0
      ? []
      : await db
          .selectFrom('programme')
          .select('id')
          .where('id', 'in', programmeIds)
          .where('agency_id', '=', agencyId)
          .execute();
  const agencyProgrammes = new Set(programmes.map((p) => p.id));
  const resolved: Array<{ roleId: string; key: string; programmeId: string | null }> = [];
  const seen = new Set<string>();
  roles.forEach((role, index) => {
    const roleId = roleIdByKey.get(role.key);
    if (!roleId) {
      errors.push({ field: `${field}.${index}.key`, code: 'unknown_role', message: 'Ese rol no existe.' });
    }
    const programmeId = role.programmeId ?? null;
    if (programmeId !== null && !agencyProgrammes.has(programmeId)) {
      errors.push({
        field: `${field}.${index}.programmeId`,
        code: 'unknown_programme',
        message: 'El programa no existe en la agencia del usuario.',
      });
    }
    const identity = `${role.key}|${programmeId ?? ''}`;
    if (seen.has(identity)) {
      errors.push({
        field: `${field}.${index}`,
        code: 'duplicate',
        message: 'El mismo rol aparece dos veces para el mismo programa.',
      });
    }
    seen.add(identity);
    if (roleId) resolved.push({ roleId, key: role.key, programmeId });
  });
  return resolved;
}

/** Checks that every team exists in the agency; returns the distinct ids. */
export async function resolveTeams(
  db: Executor,
  agencyId: string,
  teamIds: string[],
  errors: FieldError[],
  field = 'body.teamIds',
): Promise<string[]> {
  const distinct = [...new Set(teamIds)];
  const valid = distinct.filter(isUuid);
  const found =
    valid.length === 0
      ? []
      : await db
          .selectFrom('team')
          .select('id')
          .where('id', 'in', valid)
          .where('agency_id', '=', agencyId)
          .execute();
  const known = new Set(found.map((t) => t.id));
  teamIds.forEach((teamId, index) => {
    if (!known.has(teamId)) {
      errors.push({
        field: `${field}.${index}`,
        code: 'unknown_team',
        message: 'El equipo no existe en la agencia del usuario.',
      });
    }
  });
  return distinct;
}

/** Writes a user's roles (replacing none: the caller removes old ones first when changing them). */
export async function insertRoleAssignments(
  db: Executor,
  userId: string,
  roles: Array<{ roleId: string; programmeId: string | null }>,
  grantedBy: string | null,
): Promise<void> {
  if (roles.length === 0) return;
  await db
    .insertInto('user_role')
    .values(
      roles.map((r) => ({
        user_id: userId,
        role_id: r.roleId,
        programme_id: r.programmeId,
        granted_by: grantedBy,
      })),
    )
    .execute();
}

export async function insertTeamMemberships(db: Executor, userId: string, teamIds: string[]): Promise<void> {
  if (teamIds.length === 0) return;
  await db
    .insertInto('team_member')
    .values(teamIds.map((teamId) => ({ team_id: teamId, user_id: userId })))
    .execute();
}

const isUniqueViolation = (error: unknown) =>
  typeof error === 'object' && error !== null && (error as { code?: string }).code === '23505';

/**
 * Creates a user account with its roles and teams. Shared by `POST /api/users` and `amparo user create`.
 * Validation problems → 400 with field errors; a username already in use → 409. Writes nothing on error
 * as long as the caller runs it inside a transaction (both callers do).
 */
export async function createUserAccount(db: Executor, input: NewUserAccount): Promise<{ id: string }> {
  const errors: FieldError[] = [];
  if (!USERNAME_PATTERN.test(input.username)) {
    errors.push({
      field: 'body.username',
      code: 'invalid_format',
      message:
        'El nombre de usuario lleva de 3 a 64 caracteres: minúsculas, dígitos, punto, guion o guion bajo, y empieza con letra o dígito.',
    });
  }
  const displayName = input.displayName.trim();
  if (displayName.length === 0 || displayName.length > DISPLAY_NAME_MAX) {
    errors.push({
      field: 'body.displayName',
      code: displayName.length === 0 ? 'required' : 'too_long',
      message: `El nombre para mostrar es obligatorio y admite hasta ${DISPLAY_NAME_MAX} caracteres.`,
    });
  }
  if (input.locale !== undefined && input.locale !== 'es-GT' && input.locale !== 'en') {
    errors.push({ field: 'body.locale', code: 'invalid_enum', message: 'Idioma no admitido.' });
  }
  const agency = isUuid(input.agencyId)
    ? await db.selectFrom('agency').select('id').where('id', '=', input.agencyId).executeTakeFirst()
    : undefined;
  if (!agency) {
    errors.push({ field: 'body.agencyId', code: 'unknown_agency', message: 'La agencia no existe.' });
    throw validationProblem(errors);
  }
  const roles = await resolveRoleAssignments(db, agency.id, input.roles, errors);
  const teamIds = await resolveTeams(db, agency.id, input.teamIds ?? [], errors);
  if (errors.length > 0) throw validationProblem(errors);

  const existing = await db
    .selectFrom('app_user')
    .select('id')
    .where('username', '=', input.username)
    .executeTakeFirst();
  if (existing) throw usernameTaken();

  let user: { id: string };
  try {
    user = await db
      .insertInto('app_user')
      .values({
        agency_id: agency.id,
        username: input.username,
        display_name: displayName,
        locale: input.locale ?? 'es-GT',
        password_hash: input.passwordHash ?? null,
        password_changed_at: input.passwordHash ? new Date() : null,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
  } catch (error) {
    if (isUniqueViolation(error)) throw usernameTaken();
    throw error;
  }
  await insertRoleAssignments(db, user.id, roles, input.grantedBy);
  await insertTeamMemberships(db, user.id, teamIds);
  return { id: user.id };
}

import { createUserAccount } from '../../server/admin/users/accounts.ts';
import { hashPassword, passwordProblems } from '../../server/identity/passwords.ts';
import { resetTwoFactor, twoFactorRequiredFor } from '../../server/identity/two-factor.ts';
import type { Executor } from '../../server/platform/db/database.ts';
import { defineCommand } from '../command.ts';
import { auditCli, withRuntime } from '../context.ts';
import { agencyChoices, agencyNamed, type AgencyChoice } from '../agencies.ts';
import { CliFailure, UsageError } from '../errors.ts';
import { readPasswordFromStdin } from '../io.ts';
import { isUuid } from '../../core/ids.ts';

/**
 * The agency named by --agency (id or name). On a new installation, where no agency exists yet, that name
 * becomes the first agency (an NGO). Without --agency, the only agency there is.
 */
async function resolveAgency(db: Executor, given: string | undefined): Promise<AgencyChoice> {
  const agencies = await agencyChoices(db);
  if (given === undefined) {
    if (agencies.length === 1) return agencies[0]!;
    if (agencies.length === 0) {
      throw new UsageError(
        'Aún no existe ninguna agencia: indique --agency con el nombre de la organización.',
      );
    }
    throw new UsageError('Hay varias agencias: indique a cuál pertenece la cuenta con --agency.');
  }
  const found = agencyNamed(agencies, given);
  if (found) return found;
  if (agencies.length === 0 && !isUuid(given) && given.trim()) {
    const name = given.trim();
    const created = await db
      .insertInto('agency')
      .values({ name, org_type: 'NGO' })
      .returning(['id', 'name'])
      .executeTakeFirstOrThrow();
    await auditCli(db, {
      action: 'agency.created',
      resourceType: 'agency',
      resourceIds: [created.id],
      details: { fields: ['name', 'orgType'] },
    });
    return created;
  }
  const names = agencies.slice(0, 10).map((a) => `«${a.name}»`);
  throw new CliFailure(
    `No existe la agencia «${given}».` + (names.length ? ` Agencias: ${names.join(', ')}.` : ''),
  );
}

export const userCreateCommand = defineCommand({
  name: 'user create',
  summary: 'Crea una cuenta de usuario con su rol; la contraseña se lee de la entrada estándar.',
  usage:
    'amparo user create --username U --role R [--role R2 …] [--agency A] [--display-name N] --password-stdin',
  help:
    '  --username U       nombre de usuario (minúsculas, dígitos, . _ -; de 3 a 64)\n' +
    '  --role R           clave del rol, p. ej. system_admin, social_worker (se puede repetir)\n' +
    '  --agency A         nombre o id de la agencia; si aún no hay ninguna, se crea (como ONG)\n' +
    '  --display-name N   nombre para mostrar (por omisión, el nombre de usuario)\n' +
    '  --password-stdin   lee la contraseña de la entrada estándar (en una terminal, sin mostrarla)\n' +
    'Ejemplo: printf %s "$CLAVE" | amparo user create --username admin --role system_admin \\\n' +
    '           --agency "Mi organización" --password-stdin',
  options: {
    username: { type: 'string' },
    role: { type: 'string', multiple: true },
    agency: { type: 'string' },
    'display-name': { type: 'string' },
    'password-stdin': { type: 'boolean' },
  },
  positionals: { min: 0, max: 0 },
  run: async (ctx, values) => {
    const username = (values.username as string | undefined)?.trim();
    const roles = (values.role as string[] | undefined) ?? [];
    if (!username) throw new UsageError('Falta --username.');
    if (roles.length === 0) throw new UsageError('Falta --role (la clave de un rol, p. ej. system_admin).');
    if (!values['password-stdin']) {
      throw new UsageError(
        'La contraseña no se pasa en la línea de órdenes: use --password-stdin y désela por la entrada estándar.',
      );
    }
    const password = await readPasswordFromStdin();
    const problems = passwordProblems(password, 'password', username);
    if (problems.length > 0) throw new CliFailure(problems.map((p) => p.message).join('\n'));
    const passwordHash = await hashPassword(password);

    return withRuntime(ctx, async ({ services }) => {
      const created = await services.db.transaction().execute(async (trx) => {
        const agency = await resolveAgency(trx, values.agency as string | undefined);
        const { id } = await createUserAccount(trx, {
          agencyId: agency.id,
          username,
          displayName: (values['display-name'] as string | undefined) ?? username,
          roles: roles.map((key) => ({ key })),
          passwordHash,
          grantedBy: null,
        });
        await auditCli(trx, {
          action: 'user.created',
          resourceType: 'user',
          resourceIds: [id],
          details: { agencyId: agency.id, roles, fields: ['username', 'displayName', 'password', 'roles'] },
        });
        return { id, agency, twoFactor: await twoFactorRequiredFor(trx, id) };
      });
      ctx.io.out(
        `Cuenta «${username}» creada en la agencia «${created.agency.name}» con ${roles.length > 1 ? 'los roles' : 'el rol'} ` +
          `${roles.join(', ')} (id ${created.id}).`,
      );
      if (created.twoFactor) {
        ctx.io.out('Al iniciar sesión deberá activar la verificación en dos pasos.');
      }
    });
  },
});

export const userResetTwoFactorCommand = defineCommand({
  name: 'user reset-2fa',
  summary: 'Quita la verificación en dos pasos de una cuenta y cierra sus sesiones.',
  usage: 'amparo user reset-2fa --username U',
  help: 'Si un rol de la cuenta la exige, en el siguiente inicio de sesión deberá activarla de nuevo.',
  options: { username: { type: 'string' } },
  positionals: { min: 0, max: 0 },
  run: async (ctx, values) => {
    const username = (values.username as string | undefined)?.trim().toLowerCase();
    if (!username) throw new UsageError('Falta --username.');
    return withRuntime(ctx, async ({ services }) => {
      const result = await services.db.transaction().execute(async (trx) => {
        const user = await trx
          .selectFrom('app_user')
          .select('id')
          .where('username', '=', username)
          .executeTakeFirst();
        if (!user) throw new CliFailure(`No existe la cuenta «${username}».`);
        const reset = await resetTwoFactor(trx, user.id);
        await auditCli(trx, {
          action: 'user.two_factor_reset',
          resourceType: 'user',
          resourceIds: [user.id],
          details: { sessionsEnded: reset.sessionsEnded },
        });
        return reset;
      });
      ctx.io.out(
        `Se quitó la verificación en dos pasos de «${username}» y se cerraron ${result.sessionsEnded} sesiones.`,
      );
    });
  },
});

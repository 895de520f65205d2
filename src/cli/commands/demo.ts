import { passwordLinkPath } from '../../server/identity/one-time-links.ts';
import type { DemoCounts } from '../../server/demo/load.ts';
import {
  analyzeDemoTables,
  NoCaseProgrammes,
  seedDemoPersons,
  syntheticPersons,
} from '../../server/demo/seed.ts';
import { createDemoStructure, DEMO_AGENCY_NAME, findDemoAgency } from '../../server/demo/structure.ts';
import { executorOn } from '../../server/platform/db/copy-in.ts';
import type { Executor } from '../../server/platform/db/database.ts';
import { publicUrl } from '../../server/public-url.ts';
import { defineCommand } from '../command.ts';
import { auditCli, withRuntime } from '../context.ts';
import { agencyChoices, agencyNamed, type AgencyChoice } from '../agencies.ts';
import { CliFailure, UsageError } from '../errors.ts';

const MAX_PERSONS = 2_000_000;

const number = new Intl.NumberFormat('es-GT');

function positiveInteger(value: unknown, option: string, fallback: number, min = 1): number {
  if (value === undefined) return fallback;
  const n = Number(value);
  if (!Number.isSafeInteger(n) || n < min || n > MAX_PERSONS)
    throw new UsageError(`${option} debe ser un número entero entre ${min} y ${number.format(MAX_PERSONS)}.`);
  return n;
}

/** The agency named by --agency (id or name), or the only one there is. */
async function existingAgency(db: Executor, given: string | undefined): Promise<AgencyChoice> {
  const agencies = await agencyChoices(db);
  if (given === undefined) {
    if (agencies.length === 1) return agencies[0]!;
    if (agencies.length === 0)
      throw new CliFailure(
        'Aún no existe ninguna agencia: use --users para crear una agencia de demostración con su personal.',
      );
    throw new UsageError('Hay varias agencias: indique en cuál cargar los datos con --agency.');
  }
  const found = agencyNamed(agencies, given);
  if (!found) throw new CliFailure(`No existe la agencia «${given}».`);
  return found;
}

const summary = (c: DemoCounts) =>
  `${number.format(c.persons)} personas, ${number.format(c.cases)} casos, ${number.format(c.notes)} notas, ` +
  `${number.format(c.services)} servicios, ${number.format(c.consents)} consentimientos, ` +
  `${number.format(c.relations)} familiares (${number.format(c.noContact)} con prohibición de contacto)`;

export const demoSeedCommand = defineCommand({
  name: 'demo seed',
  summary: 'Carga datos de demostración: personas y casos sintéticos, claramente marcados como tales.',
  usage: 'amparo demo seed [--persons N] [--seed S] [--users | --agency A] [--force]',
  help:
    '  --persons N   personas sintéticas a crear (por omisión 300), cada una con su caso (a veces dos),\n' +
    '                familia, consentimientos, notas cifradas y servicios\n' +
    '  --seed S      semilla del generador (por omisión 1): la misma semilla da los mismos nombres\n' +
    `  --users       crea la agencia «${DEMO_AGENCY_NAME}» con sus programas,\n` +
    '                equipos y una cuenta por cada rol principal; imprime un enlace de un solo uso para\n' +
    '                que cada cuenta defina su contraseña (nunca se imprimen contraseñas)\n' +
    '  --agency A    sin --users: nombre o id de la agencia donde cargar los datos (por omisión, la única);\n' +
    '                usa sus programas, equipos y personal\n' +
    '  --force       carga más personas aunque la agencia ya tenga datos de demostración\n' +
    'Los nombres siguen frecuencias guatemaltecas realistas y los lugares son los del INE, pero ninguna\n' +
    'persona existe: cada una queda marcada como sintética y sus textos empiezan por «[Datos de demostración]».\n' +
    'No use esta orden en una instalación con datos reales.',
  options: {
    persons: { type: 'string' },
    seed: { type: 'string' },
    users: { type: 'boolean' },
    agency: { type: 'string' },
    force: { type: 'boolean' },
  },
  positionals: { min: 0, max: 0 },
  run: async (ctx, values) => {
    const persons = positiveInteger(values.persons, '--persons', 300);
    const seed = positiveInteger(values.seed, '--seed', 1, 0);
    if (values.users && values.agency !== undefined)
      throw new UsageError(
        'Use --users (agencia de demostración) o --agency (una agencia existente), no ambas.',
      );
    return withRuntime(ctx, async ({ services, ownerUrl }) => {
      const started = Date.now();
      const client = await services.pool.connect();
      const db = executorOn(client);
      let links: Array<{ username: string; role: string; token: string }> = [];
      let counts: DemoCounts;
      let agency: { id: string; name: string };
      try {
        await client.query('BEGIN');
        const demoAgency = values.users ? await findDemoAgency(db) : undefined;
        if (values.users && !demoAgency) {
          const structure = await createDemoStructure(
            db,
            services.hasher,
            { teamsPerProgramme: 1, caseworkersPerTeam: 0, roleUsers: true, seed },
            auditCli,
          );
          agency = { id: structure.agencyId, name: DEMO_AGENCY_NAME };
          links = structure.links;
        } else {
          agency = demoAgency
            ? { id: demoAgency, name: DEMO_AGENCY_NAME }
            : await existingAgency(db, values.agency as string | undefined);
        }
        const already = await syntheticPersons(db, agency.id);
        if (already > 0 && !values.force)
          throw new CliFailure(
            `La agencia «${agency.name}» ya tiene ${number.format(already)} personas de demostración. ` +
              'Use --force para añadir más.',
          );
        let lastReport = Date.now();
        counts = await seedDemoPersons(client, services.envelope, {
          agencyId: agency.id,
          persons,
          seed,
          start: already,
          batchSize: 1000,
          onProgress: (done) => {
            if (done < persons && Date.now() - lastReport < 2000) return;
            lastReport = Date.now();
            const seconds = Math.round((Date.now() - started) / 1000);
            ctx.io.err(
              `Personas cargadas: ${number.format(done)} de ${number.format(persons)} ` +
                `(${Math.floor((100 * done) / persons)} %, ${seconds} s)`,
            );
          },
        });
        await auditCli(db, {
          action: 'demo.seeded',
          resourceType: 'agency',
          resourceIds: [agency.id],
          details: { seed, firstIndex: already, ...counts, usersCreated: links.length },
        });
        await client.query('COMMIT');
      } catch (error) {
        await client.query('ROLLBACK').catch(() => undefined);
        if (error instanceof NoCaseProgrammes)
          throw new CliFailure(
            `La agencia «${agency!.name}» no tiene programas activos que lleven casos (hogar de protección, ` +
              'retornados, prevención comunitaria, asistencia legal). Créelos o use --users.',
          );
        throw error;
      } finally {
        client.release();
      }
      await analyzeDemoTables(ownerUrl);
      ctx.io.out(`Datos de demostración cargados en «${agency.name}»: ${summary(counts)}.`);
      ctx.io.out(`Tiempo: ${((Date.now() - started) / 1000).toFixed(1)} s.`);
      if (links.length > 0) {
        const base = publicUrl(ctx.config, ctx.config.port);
        ctx.io.out(
          '\nCuentas de demostración: abra cada enlace (de un solo uso, válido 72 horas) para definir',
        );
        ctx.io.out('su contraseña. Cuentas con verificación en dos pasos la activarán al iniciar sesión.');
        const width = Math.max(...links.map((l) => l.username.length));
        for (const link of links)
          ctx.io.out(
            `  ${link.username.padEnd(width)}  ${link.role.padEnd(22)} ${base}${passwordLinkPath(link.token)}`,
          );
      }
    });
  },
});

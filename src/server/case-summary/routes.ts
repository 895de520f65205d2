import { findPlan, presentPlan } from '../case-plans/store.ts';
import { presentOne } from '../cases/routes.ts';
import { idParams } from '../cases/shared.ts';
import { caseOrNotFound } from '../cases/store.ts';
import { viewerOf } from '../cases/visibility.ts';
import { presentPersons } from '../persons/present.ts';
import { findPerson } from '../persons/store.ts';
import { hasPermission } from '../platform/auth/actor.ts';
import type { Executor } from '../platform/db/database.ts';
import { together } from '../platform/db/together.ts';
import { defineRoute, type Context } from '../platform/http/route.ts';
import { presentServices, serviceColumns } from '../services/routes.ts';
import { summaryDocument, type SummaryData } from './document.ts';
import { labelsFor } from './labels.ts';
import { renderPdf } from './pdf.ts';

/**
 * The case summary PDF: person, case, risk, judicial measure, plan and services, each through the same
 * presenter as its JSON route (so a redacted field prints as "restricted", never its value), sections the
 * user has no permission for left out, a watermark with who printed it and when on every page. Audited.
 */

type ReferenceTable = 'place' | 'pueblo' | 'language' | 'country';

/** The names of the reference entries with these codes, in the reader's language; undefined for none. */
function namesQuery(
  db: Executor,
  table: ReferenceTable,
  codes: Array<string | null | undefined>,
  locale: string,
) {
  const wanted = [...new Set(codes.filter((c): c is string => !!c))];
  if (wanted.length === 0) return undefined;
  return db
    .selectFrom(table)
    .select(['code', locale === 'en' ? 'name_en as name' : 'name_es as name'])
    .where('code', 'in', wanted);
}

const byCode = (rows: { code: string; name: string }[]) => new Map(rows.map((r) => [r.code, r.name]));

async function summaryData(ctx: Context, caseId: string) {
  const row = await caseOrNotFound(ctx, caseId);
  const kase = await presentOne(ctx, row);
  const personRow = hasPermission(ctx.actor, 'person:read')
    ? await findPerson(ctx.db, await viewerOf(ctx), row.person_id)
    : undefined;
  const full = personRow ? (await presentPersons(ctx.db, ctx.actor, [personRow]))[0]! : undefined;
  const person = full ?? kase.person;
  let plan: SummaryData['plan'];
  if (hasPermission(ctx.actor, 'case_plan:read')) {
    const planRow = await findPlan(ctx.db, row.id);
    plan = planRow ? await presentPlan(ctx, planRow) : null;
  }
  const services = hasPermission(ctx.actor, 'service:read')
    ? await presentServices(
        ctx,
        await ctx.db
          .selectFrom('case_service')
          .select(serviceColumns)
          .where('case_id', '=', row.id)
          .where('deleted_at', 'is', null)
          .orderBy('delivered_on', 'desc')
          .orderBy('created_at', 'desc')
          .orderBy('id')
          .execute(),
      )
    : undefined;
  const { locale } = ctx.actor;
  const [programmes, teams, places, pueblos, languages, countries] = await together(ctx.db, [
    ctx.db.selectFrom('programme').select('name').where('id', '=', row.programme_id),
    row.team_id ? ctx.db.selectFrom('team').select('name').where('id', '=', row.team_id) : undefined,
    namesQuery(ctx.db, 'place', [full?.origin?.departmentCode, full?.origin?.municipalityCode], locale),
    namesQuery(ctx.db, 'pueblo', [full?.pueblo], locale),
    namesQuery(ctx.db, 'language', [full?.languages?.primary, ...(full?.languages?.others ?? [])], locale),
    namesQuery(ctx.db, 'country', full?.citizenships ?? [], locale),
  ]);
  const [programme] = programmes;
  const [team] = teams;
  return {
    kase,
    person,
    plan,
    services,
    names: {
      programme: programme?.name ?? null,
      team: team?.name ?? null,
      places: byCode(places),
      pueblos: byCode(pueblos),
      languages: byCode(languages),
      countries: byCode(countries),
    },
    printedBy: ctx.actor.displayName,
    printedAt: new Date(),
  } satisfies SummaryData;
}

const summaryPdf = defineRoute({
  method: 'GET',
  url: '/api/cases/:id/summary.pdf',
  summary:
    'Resumen del caso en PDF: solo lo que usted puede ver, con marca de agua de quién y cuándo (auditado)',
  tags: ['cases'],
  policy: { permission: 'case:read' },
  schema: { params: idParams },
  handler: async (ctx, { params }) => {
    const data = await summaryData(ctx, params.id);
    const pdf = await renderPdf(summaryDocument(data, labelsFor(ctx.actor.locale)));
    const redacted = [
      ...data.person.redacted.map((f) => `person.${f}`),
      ...data.kase.redacted.map((f) => `case.${f}`),
      ...(data.services ?? []).flatMap((s) => s.redacted.map((f) => `service.${f}`)),
    ];
    await ctx.audit({
      action: 'case.summary_printed',
      resourceType: 'case',
      resourceIds: [data.kase.id, data.kase.personId],
      details: {
        redacted: [...new Set(redacted)],
        planIncluded: data.plan !== undefined,
        servicesIncluded: data.services !== undefined,
        pages: countPages(pdf),
        ...(data.kase.access === 'emergency' && { emergency: true }),
      },
    });
    ctx.reply.headers({
      'content-type': 'application/pdf',
      'content-disposition': `attachment; filename="resumen-${data.kase.number}.pdf"`,
      'cache-control': 'no-store',
    });
    return pdf;
  },
});

const countPages = (pdf: Buffer) => pdf.toString('latin1').match(/\/Type \/Page\b/g)?.length ?? 0;

export const caseSummaryRoutes = [summaryPdf];

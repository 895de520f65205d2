import { randomUUID } from 'node:crypto';
import { sql, type SelectQueryBuilder } from 'kysely';
import { z } from 'zod';
import type { FieldClass } from '../../core/access/catalogue.ts';
import { requireWriteClearance } from '../cases/clearance.ts';
import { changesBetween, creationChanges, recordChanges, type Change } from '../cases/history.ts';
import { childParams, idParams } from '../cases/shared.ts';
import type { Database, Executor } from '../platform/db/database.ts';
import { notFound } from '../platform/http/problem.ts';
import { defineRoute, type Context } from '../platform/http/route.ts';
import { requireVersion, setEtag } from '../platform/http/versioning.ts';
import { present } from '../platform/policy/present.ts';
import { personOrNotFound } from './store.ts';

/**
 * Records that belong to one person (identity documents, relations): listed, added and corrected under
 * the person's scope, with write clearance per field, a field-level history and one audit event each.
 * A record type supplies its columns, how its fields read and how it is written.
 */

const tags = ['persons'];

interface ChildRow {
  id: string;
  agency_id: string;
  person_id: string;
  version: number;
}

/** Where a new record goes: its id (the sealing context needs it before the insert) and its person. */
export interface NewChild {
  id: string;
  agency_id: string;
  person_id: string;
}

type Query<TB extends keyof Database, O> = SelectQueryBuilder<Database, TB, O>;
type Body = Record<string, unknown>;

export interface PersonChild<TB extends keyof Database, Row extends ChildRow, Fields extends object, Out> {
  /** The audit resource type, the history's record type and the prefix of its events. */
  resourceType: string;
  /** `/api/persons/:id/<segment>` */
  segment: string;
  /** The record as named in a 404 ("El documento"). */
  label: string;
  schema: z.ZodType<Out>;
  classes: Partial<Record<keyof Fields & string, FieldClass>>;
  historyFields: readonly (keyof Fields & string)[];
  from: (db: Executor) => Query<TB, object>;
  select: (query: Query<TB, object>) => Query<TB, Row>;
  /** The record's fields; sealed ones decrypted when `decrypt` allows (the reader's clearance, or all). */
  fieldsOf: (ctx: Context, row: Row, decrypt: 'cleared' | 'all') => Fields;
}

/** The record as its reader may see it: fields the reader is not cleared for are left out and named. */
const presentChild = <TB extends keyof Database, Row extends ChildRow, Fields extends object, Out>(
  ctx: Context,
  child: PersonChild<TB, Row, Fields, Out>,
  row: Row,
): Out =>
  ({
    ...present(ctx.actor, child.fieldsOf(ctx, row, 'cleared'), child.classes),
    id: row.id,
    personId: row.person_id,
    version: row.version,
  }) as Out;

/**
 * The routes of a record type: GET lists every record of the person in the order added, with one event
 * naming the person and the records. POST adds one: `check` refuses bad input, `insert` writes, and the
 * history records the new values. PATCH with If-Match corrects one: `after` merges the body into the
 * current fields and refuses what may not be; an unchanged record is answered as it is, else `write`
 * stores it and the history records each change.
 */
export function personChildRoutes<
  TB extends keyof Database,
  Row extends ChildRow,
  Fields extends object,
  Out,
  CB extends z.ZodType<Body>,
  UB extends z.ZodType<Body>,
>(
  child: PersonChild<TB, Row, Fields, Out>,
  spec: {
    list: { summary: string };
    create: {
      summary: string;
      body: CB;
      check?: (ctx: Context, body: z.output<CB>) => Promise<void>;
      insert: (ctx: Context, owner: NewChild, body: z.output<CB>) => Promise<Row>;
      /** What the creation event records besides the ids. */
      details: (body: z.output<CB>, row: Row) => Record<string, unknown>;
    };
    update: {
      summary: string;
      body: UB;
      after: (ctx: Context, before: Fields, body: z.output<UB>) => Promise<Fields>;
      write: (ctx: Context, row: Row, body: z.output<UB>, after: Fields) => Promise<Row>;
    };
  },
) {
  const url = `/api/persons/:id/${child.segment}`;
  const rowsOf = (ctx: Context, personId: string) =>
    child.select(child.from(ctx.db)).where(sql.ref('person_id'), '=', personId);
  const presentRow = (ctx: Context, row: Row) => presentChild(ctx, child, row);
  const recordHistory = (ctx: Context, row: Row, changes: Change[]) =>
    recordChanges(ctx, {
      agencyId: row.agency_id,
      rootType: 'person',
      rootId: row.person_id,
      recordType: child.resourceType,
      recordId: row.id,
      version: row.version,
      changes,
    });

  const list = defineRoute({
    method: 'GET',
    url,
    summary: spec.list.summary,
    tags,
    policy: { permission: 'person:read' },
    schema: { params: idParams, response: z.object({ items: z.array(child.schema) }) },
    handler: async (ctx, { params }) => {
      const person = await personOrNotFound(ctx, params.id);
      const rows = (await rowsOf(ctx, person.id)
        .orderBy(sql.ref('created_at'))
        .orderBy(sql.ref('id'))
        .execute()) as Row[];
      await ctx.audit({
        action: `${child.resourceType}.list`,
        resourceType: child.resourceType,
        resourceIds: [person.id, ...rows.map((r) => r.id)],
      });
      return { items: rows.map((row) => presentRow(ctx, row)) };
    },
  });

  const create = defineRoute({
    method: 'POST',
    url,
    summary: spec.create.summary,
    tags,
    status: 201,
    policy: { permission: 'person:update' },
    schema: { params: idParams, body: spec.create.body, response: child.schema },
    handler: async (ctx, input) => {
      const body = input.body as z.output<CB>;
      const person = await personOrNotFound(ctx, input.params.id);
      requireWriteClearance(ctx.actor, body, child.classes);
      await spec.create.check?.(ctx, body);
      const owner = { id: randomUUID(), agency_id: person.agency_id, person_id: person.id };
      const row = await spec.create.insert(ctx, owner, body);
      await recordHistory(ctx, row, creationChanges(child.fieldsOf(ctx, row, 'all'), child.historyFields));
      await ctx.audit({
        action: `${child.resourceType}.created`,
        resourceType: child.resourceType,
        resourceIds: [row.id, person.id],
        details: spec.create.details(body, row),
      });
      setEtag(ctx.reply, row.version);
      return presentRow(ctx, row);
    },
  });

  const update = defineRoute({
    method: 'PATCH',
    url: `${url}/:childId`,
    summary: spec.update.summary,
    tags,
    policy: { permission: 'person:update' },
    schema: { params: childParams, body: spec.update.body, response: child.schema },
    handler: async (ctx, input) => {
      const body = input.body as z.output<UB>;
      const person = await personOrNotFound(ctx, input.params.id);
      const row = (await rowsOf(ctx, person.id)
        .where(sql.ref('id'), '=', input.params.childId)
        .forUpdate()
        .executeTakeFirst()) as Row | undefined;
      if (!row) throw notFound(child.label);
      requireVersion(ctx.request, row.version);
      requireWriteClearance(ctx.actor, body, child.classes);
      const before = child.fieldsOf(ctx, row, 'all');
      const after = await spec.update.after(ctx, before, body);
      const changes = changesBetween(before, after, child.historyFields);
      if (changes.length === 0) {
        setEtag(ctx.reply, row.version);
        return presentRow(ctx, row);
      }
      const updated = await spec.update.write(ctx, row, body, after);
      await recordHistory(ctx, updated, changes);
      await ctx.audit({
        action: `${child.resourceType}.updated`,
        resourceType: child.resourceType,
        resourceIds: [row.id, person.id],
        details: { changedFields: changes.map((c) => c.field) },
      });
      setEtag(ctx.reply, updated.version);
      return presentRow(ctx, updated);
    },
  });

  return [list, create, update];
}

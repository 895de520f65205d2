import type { z } from 'zod';
import type { Permission } from '../../core/access/catalogue.ts';
import { changedFields } from '../platform/audit/audit-writer.ts';
import type { Executor } from '../platform/db/database.ts';
import { offsetOf, paginated } from '../platform/http/pagination.ts';
import { notFound } from '../platform/http/problem.ts';
import { defineRoute, type Context } from '../platform/http/route.ts';
import { requireVersion, setEtag } from '../platform/http/versioning.ts';
import type { ListFilter, Page } from './scoped-store.ts';
import { agencyFilter, agencyOf, auditList, auditRead, idParams } from './shared.ts';

/**
 * The routes every administrative record (agency, programme, team, role, user) shares: a scoped, audited
 * list and read, and a creation and an If-Match update whose audit events and ETag follow one pattern.
 * What differs per record (its columns, checks and writes) comes in as callbacks.
 */

const tags = ['administration'];

interface Versioned {
  id: string;
  version: number;
}

export interface AdminRecord<Row extends Versioned, Out> {
  /** The audit resource type, and the prefix of its events ('agency' → agency.read, agency.updated). */
  resourceType: string;
  /** The collection; one record is at `${url}/:id`. */
  url: string;
  /** The record as named in a 404 ("La agencia"). */
  label: string;
  schema: z.ZodType<Out>;
  /** A record the actor's agency reaches (`confinedTo` undefined: any), optionally locked for an update. */
  find: (
    db: Executor,
    confinedTo: string | undefined,
    id: string,
    forUpdate: boolean,
  ) => Promise<Row | undefined>;
  /** Several rows at once, so what they share (members, roles) is loaded in one query. */
  present: (ctx: Context, rows: Row[]) => Out[] | Promise<Out[]>;
}

/** The record if the actor's agency reaches it; 404 otherwise (never revealing that it exists). */
export async function recordOrNotFound<Row extends Versioned, Out>(
  ctx: Context,
  record: AdminRecord<Row, Out>,
  id: string,
  forUpdate = false,
): Promise<Row> {
  const row = await record.find(ctx.db, agencyOf(ctx), id, forUpdate);
  if (!row) throw notFound(record.label);
  return row;
}

export const presentRecord = async <Row extends Versioned, Out>(
  ctx: Context,
  record: AdminRecord<Row, Out>,
  row: Row,
): Promise<Out> => (await record.present(ctx, [row]))[0]!;

type ListQuery = z.ZodType<{
  page: number;
  pageSize: number;
  active?: boolean;
  agencyId?: string;
  q?: string;
}>;

/**
 * GET url: one page of the records the actor reaches (its own agency's, unless its grant reaches every
 * agency; then all, or the one asked for), and one audit event naming them.
 */
export function listRoute<Row extends Versioned, Out, Q extends ListQuery>(
  record: AdminRecord<Row, Out>,
  spec: {
    summary: string;
    permission: Permission;
    query: Q;
    list: (db: Executor, filter: ListFilter, page: Page) => Promise<{ rows: Row[]; total: number }>;
  },
) {
  return defineRoute({
    method: 'GET',
    url: record.url,
    summary: spec.summary,
    tags,
    policy: { permission: spec.permission },
    schema: { querystring: spec.query, response: paginated(record.schema) },
    handler: async (ctx, { query }) => {
      const { rows, total } = await spec.list(
        ctx.db,
        { agencyIds: agencyFilter(ctx, query.agencyId), active: query.active, q: query.q },
        { limit: query.pageSize, offset: offsetOf(query) },
      );
      const items = await record.present(ctx, rows);
      await auditList(
        ctx,
        record.resourceType,
        rows.map((row) => row.id),
        query as Record<string, unknown>,
      );
      return { items, total, page: query.page, pageSize: query.pageSize };
    },
  });
}

/** GET url/:id: one record with its ETag, and its read event. */
export function getRoute<Row extends Versioned, Out>(
  record: AdminRecord<Row, Out>,
  spec: { summary: string; permission: Permission },
) {
  return defineRoute({
    method: 'GET',
    url: `${record.url}/:id`,
    summary: spec.summary,
    tags,
    policy: { permission: spec.permission },
    schema: { params: idParams, response: record.schema },
    handler: async (ctx, { params }) => {
      const row = await recordOrNotFound(ctx, record, params.id);
      await auditRead(ctx, record.resourceType, row.id, row.version);
      return presentRecord(ctx, record, row);
    },
  });
}

/** What a creation or update wrote, and what its audit event adds to the fields it names. */
export interface Written<Row> {
  row: Row;
  details?: Record<string, unknown>;
}

/** POST url: `insert` checks and writes; the event `<type>.created` names the fields given. */
export function createRoute<Row extends Versioned, Out, B extends z.ZodType<Record<string, unknown>>>(
  record: AdminRecord<Row, Out>,
  spec: {
    summary: string;
    permission: Permission;
    body: B;
    insert: (ctx: Context, body: z.output<B>) => Promise<Written<Row>>;
  },
) {
  return defineRoute({
    method: 'POST',
    url: record.url,
    summary: spec.summary,
    tags,
    status: 201,
    policy: { permission: spec.permission },
    schema: { body: spec.body, response: record.schema },
    handler: async (ctx, { body }) => {
      const { row, details } = await spec.insert(ctx, body as z.output<B>);
      await ctx.audit({
        action: `${record.resourceType}.created`,
        resourceType: record.resourceType,
        resourceIds: [row.id],
        details: { fields: Object.keys(body), ...details },
      });
      setEtag(ctx.reply, row.version);
      return presentRecord(ctx, record, row);
    },
  });
}

/**
 * PATCH url/:id with If-Match: locks the row, refuses a stale version, answers an unchanged record as it
 * is (no event), else `apply` checks and writes and the event `<type>.updated` names the changed fields.
 */
export function updateRoute<Row extends Versioned, Out, B extends z.ZodType<Record<string, unknown>>>(
  record: AdminRecord<Row, Out>,
  spec: {
    summary: string;
    permission: Permission;
    body: B;
    /** Refusals that come before the version check (a record the actor may see but never change). */
    guard?: (ctx: Context, row: Row) => Promise<void>;
    /** The fields the body changes; by default those whose value differs from the record's. */
    changes?: (before: Out, body: z.output<B>) => string[];
    apply: (
      ctx: Context,
      row: Row,
      body: z.output<B>,
      changed: string[],
      before: Out,
    ) => Promise<Written<Row>>;
  },
) {
  return defineRoute({
    method: 'PATCH',
    url: `${record.url}/:id`,
    summary: spec.summary,
    tags,
    policy: { permission: spec.permission },
    schema: { params: idParams, body: spec.body, response: record.schema },
    handler: async (ctx, input) => {
      const body = input.body as z.output<B>;
      const row = await recordOrNotFound(ctx, record, input.params.id, true);
      await spec.guard?.(ctx, row);
      requireVersion(ctx.request, row.version);
      const before = await presentRecord(ctx, record, row);
      const changed = spec.changes
        ? spec.changes(before, body)
        : changedFields(before as Record<string, unknown>, body);
      if (changed.length === 0) {
        setEtag(ctx.reply, row.version);
        return before;
      }
      const { row: updated, details } = await spec.apply(ctx, row, body, changed, before);
      await ctx.audit({
        action: `${record.resourceType}.updated`,
        resourceType: record.resourceType,
        resourceIds: [row.id],
        details: { changedFields: changed, ...details },
      });
      setEtag(ctx.reply, updated.version);
      return presentRecord(ctx, record, updated);
    },
  });
}

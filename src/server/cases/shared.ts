import { sql } from 'kysely';
import { z } from 'zod';
import type { FieldClass } from '../../core/access/catalogue.ts';
import { canSee } from '../platform/policy/present.ts';
import type { Context } from '../platform/http/route.ts';
import { validationProblem, type FieldError } from '../platform/http/problem.ts';

/** Helpers shared by the person registry and the case routes. */

export const idParams = z.object({ id: z.uuid() });
export const childParams = z.object({ id: z.uuid(), childId: z.uuid() });

/** Columns every versioned update sets besides the changes. */
export const nextVersion = () => ({ version: sql<number>`version + 1`, updated_at: sql<Date>`now()` });

export function throwIfAny(errors: FieldError[]): void {
  if (errors.length > 0) throw validationProblem(errors);
}

const pad = (n: number) => String(n).padStart(2, '0');

/** A `date` column as YYYY-MM-DD: pg hands it over as a Date at local midnight. */
export function dayString(value: Date | string | null): string | null {
  if (value === null) return null;
  if (typeof value === 'string') return value.slice(0, 10);
  return `${value.getFullYear()}-${pad(value.getMonth() + 1)}-${pad(value.getDate())}`;
}

/** The encryption context of a sealed column: binds the ciphertext to its table, column and row. */
export const sealContext = (table: string, column: string, id: string) => `${table}.${column}:${id}`;

/** The context of a value kept in the change history. */
export const historyValueContext = (id: string, side: 'old' | 'new') => `change_history.${side}:${id}`;

export function sealText(ctx: Context, context: string, value: string | null | undefined): Buffer | null {
  return value === null || value === undefined ? null : ctx.services.envelope.encrypt(value, context);
}

export function openText(ctx: Context, context: string, sealed: Buffer | null): string | null {
  return sealed ? ctx.services.envelope.decryptText(sealed, context) : null;
}

/** Decrypts only when the actor may see the field's class: a redacted value is never decrypted. */
export function openIfCleared(
  ctx: Context,
  fieldClass: FieldClass,
  context: string,
  sealed: Buffer | null,
): string | null {
  return canSee(ctx.actor, fieldClass) ? openText(ctx, context, sealed) : null;
}

export const isoOrNull = (date: Date | null) => (date ? date.toISOString() : null);

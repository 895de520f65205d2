import type { FieldClass } from '../../../core/access/catalogue.ts';
import type { Actor } from '../auth/actor.ts';

/** The sensitivity class of each field of a record type; fields not listed are `general`. */
export type FieldClasses<T> = Partial<Record<keyof T & string, FieldClass>>;

export type Presented<T> = Partial<T> & { redacted: string[] };

export const canSee = (actor: Actor, fieldClass: FieldClass | undefined) =>
  fieldClass === undefined || fieldClass === 'general' || actor.clearances.has(fieldClass);

/**
 * The presenter: removes every field whose sensitivity class the actor is not cleared for, and says which
 * (`redacted`), so a screen can show "restricted" instead of an empty value. Used by every path that returns
 * a protected record: single reads, lists, search, history, exports.
 */
export function present<T extends object>(actor: Actor, record: T, classes: FieldClasses<T>): Presented<T> {
  const redacted: string[] = [];
  const out: Record<string, unknown> = {};
  for (const field in record) {
    if (canSee(actor, classes[field])) out[field] = record[field];
    else redacted.push(field);
  }
  out.redacted = redacted;
  return out as Presented<T>;
}

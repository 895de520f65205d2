import { actorWithin, sharedClassesOf, type Viewer } from '../cases/visibility.ts';
import { presentPerson } from '../persons/present.ts';
import { noContactOf, type PersonRow } from '../persons/store.ts';
import type { Context } from '../platform/http/route.ts';

/**
 * Persons found by a check that spans agencies (record linkage), each presented as the reader may see it: a
 * person of another agency whose case was shared with the reader's agency only within the classes shared.
 */
export async function presentPersonsAsSeen(ctx: Context, viewer: Viewer, rows: PersonRow[]) {
  const noContact = await noContactOf(
    ctx.db,
    rows.map((r) => r.id),
  );
  return rows.map((row) => {
    const classes = sharedClassesOf(viewer, { personId: row.id, agencyId: row.agency_id });
    const actor = classes ? actorWithin(ctx.actor, classes) : ctx.actor;
    return presentPerson(actor, row, noContact.get(row.id) ?? []);
  });
}

import type { OrganisationType, SensitivityClass } from '../../core/access/catalogue.ts';
import { dayString, isoOrNull, openText, sealContext } from '../cases/shared.ts';
import { together } from '../platform/db/together.ts';
import type { Context } from '../platform/http/route.ts';
import { refOf, userRefsOf, userRefsQuery } from '../services/shared.ts';
import type { SharingOut } from './schemas.ts';
import type { SharingRow } from './store.ts';

/** The sharing decision presenter (the owning side only: the receiving side sees the shared record itself). */

export const sharingContext = (id: string, column: 'reason' | 'override_reason' | 'revocation_reason') =>
  sealContext('sharing_decision', column, id);

export async function presentSharing(ctx: Context, rows: SharingRow[]): Promise<SharingOut[]> {
  if (rows.length === 0) return [];
  const agencyIds = [...new Set(rows.map((r) => r.to_agency_id))];
  const [agencies, userRows] = await together(ctx.db, [
    ctx.db.selectFrom('agency').select(['id', 'name', 'org_type']).where('id', 'in', agencyIds),
    userRefsQuery(
      ctx.db,
      rows.flatMap((r) => [r.decided_by, r.override_by, r.revoked_by]),
    ),
  ]);
  const users = userRefsOf(userRows);
  const agency = new Map(agencies.map((a) => [a.id, a]));
  const open = (row: SharingRow, column: Parameters<typeof sharingContext>[1], sealed: Buffer | null) =>
    openText(ctx, sharingContext(row.id, column), sealed);
  return rows.map((row) => ({
    id: row.id,
    caseId: row.case_id,
    toAgency: {
      id: row.to_agency_id,
      name: agency.get(row.to_agency_id)?.name ?? '',
      orgType: (agency.get(row.to_agency_id)?.org_type ?? 'NGO') as OrganisationType,
    },
    classes: row.classes as SensitivityClass[],
    reason: open(row, 'reason', row.reason_sealed) ?? '',
    status: row.revoked_at ? 'revoked' : row.in_force ? 'active' : 'expired',
    consent: {
      basis: row.consent_id ? 'consent' : 'override',
      consentId: row.consent_id,
      overrideReason: open(row, 'override_reason', row.override_reason_sealed),
      overrideBy: refOf(users, row.override_by),
    },
    decidedBy: refOf(users, row.decided_by),
    decidedAt: row.decided_at.toISOString(),
    expiresOn: dayString(row.expires_on),
    revokedAt: isoOrNull(row.revoked_at),
    revokedBy: refOf(users, row.revoked_by),
    revocationReason: open(row, 'revocation_reason', row.revocation_reason_sealed),
    version: row.version,
  }));
}

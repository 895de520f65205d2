import type { ConsentDecision, ConsentPurpose } from './vocabulary.ts';

/** What deciding whether a consent counts needs to know of each recorded consent. */
export interface ConsentFact {
  id?: string;
  purpose: ConsentPurpose;
  /** The agency a referral (or a data-sharing consent) names; null for the others. */
  agencyId: string | null;
  decision: ConsentDecision;
  /** YYYY-MM-DD. */
  givenOn: string;
  withdrawnOn: string | null;
}

export interface ConsentQuery {
  /**
   * The agency a referral or sharing goes to. For `referral_to_agency` only consents naming it count; for
   * `data_sharing` those naming it or naming none. Omitted: every consent of the purpose applies.
   */
  agencyId?: string;
  /** The day the consent must hold (YYYY-MM-DD). */
  at: string;
}

function applies(fact: ConsentFact, purpose: ConsentPurpose, query: ConsentQuery): boolean {
  if (fact.purpose !== purpose) return false;
  if (query.agencyId !== undefined) {
    if (purpose === 'referral_to_agency' && fact.agencyId !== query.agencyId) return false;
    if (purpose === 'data_sharing' && fact.agencyId !== null && fact.agencyId !== query.agencyId)
      return false;
  }
  if (fact.givenOn > query.at) return false;
  // Withdrawn consent no longer counts from the day of the withdrawal.
  return fact.withdrawnOn === null || fact.withdrawnOn > query.at;
}

/**
 * The consent a purpose rests on at a given day, if any. Among the decisions in force that apply, the latest
 * one decides (a later refusal undoes an earlier grant; on the same day a refusal wins): it counts only when
 * it is a grant.
 */
export function validConsent<T extends ConsentFact>(
  consents: readonly T[],
  purpose: ConsentPurpose,
  query: ConsentQuery,
): T | undefined {
  let latest: T | undefined;
  for (const fact of consents) {
    if (!applies(fact, purpose, query)) continue;
    if (
      !latest ||
      fact.givenOn > latest.givenOn ||
      (fact.givenOn === latest.givenOn && fact.decision === 'refused')
    )
      latest = fact;
  }
  return latest?.decision === 'granted' ? latest : undefined;
}

/** Whether the recorded consents allow the purpose on the given day. */
export const hasConsent = (consents: readonly ConsentFact[], purpose: ConsentPurpose, query: ConsentQuery) =>
  validConsent(consents, purpose, query) !== undefined;

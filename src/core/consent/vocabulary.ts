/**
 * Consent and assent as data (HTCDS con_Consent and its checklist). Values are stable codes; labels live in
 * the web's message catalogues.
 */

/** What a consent is given for. A referral names the receiving agency; data sharing may name one. */
export const CONSENT_PURPOSES = [
  'services',
  'interview',
  'referral_to_agency',
  'data_sharing',
  'family_tracing',
  'photographs',
  'research_non_identifying',
] as const;
export type ConsentPurpose = (typeof CONSENT_PURPOSES)[number];

/** Purposes that must name an agency, and those that may. */
export const PURPOSES_NAMING_AGENCY: readonly ConsentPurpose[] = ['referral_to_agency'];
export const PURPOSES_MAY_NAME_AGENCY: readonly ConsentPurpose[] = ['referral_to_agency', 'data_sharing'];

/**
 * Who gave it: the child themself, a guardian or caregiver, a trusted adult (allowed at 12–14 by the default
 * rule), or the PGN or a court (when the caregiver is a suspected abuser, PGN or the court decides).
 */
export const CONSENT_GIVERS = ['child', 'guardian', 'trusted_adult', 'pgn_or_court'] as const;
export type ConsentGiver = (typeof CONSENT_GIVERS)[number];

export const CONSENT_DECISIONS = ['granted', 'refused'] as const;
export type ConsentDecision = (typeof CONSENT_DECISIONS)[number];

/** The HTCDS consent checklist: what the person was told before agreeing. */
export const CONSENT_CHECKLIST = [
  'toldPurpose',
  'toldUses',
  'toldResearchUse',
  'toldRightToRequestData',
  'toldRetentionPeriod',
  'toldHowToWithdraw',
] as const;
export type ConsentChecklistItem = (typeof CONSENT_CHECKLIST)[number];
export type ConsentChecklist = Record<ConsentChecklistItem, boolean>;

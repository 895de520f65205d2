/** Calendar days as `YYYY-MM-DD` text. Guatemala keeps UTC−6 all year (no daylight saving time). */

const GUATEMALA_OFFSET_MS = 6 * 3_600_000;

/** Today's date in UTC (the day the consent and referral rules, and the database's current_date, use). */
export const todayUtc = (): string => new Date().toISOString().slice(0, 10);

/** The calendar day in Guatemala at a given moment (now by default). */
export const dayInGuatemala = (at: Date = new Date()): string =>
  new Date(at.getTime() - GUATEMALA_OFFSET_MS).toISOString().slice(0, 10);

/**
 * Census pueblos (INE, Censo 2018). DOMAIN.md marks the list *verify*: every entry ships with `verify: true`,
 * and an administrator can rename or deactivate entries (the codes stay stable).
 */

export const PUEBLO_CODES = [
  'maya',
  'garifuna',
  'xinka',
  'afrodescendiente',
  'ladino',
  'extranjero',
] as const;
export type PuebloCode = (typeof PUEBLO_CODES)[number];

export interface ShippedPueblo {
  code: PuebloCode;
  nameEs: string;
  nameEn: string;
  verify: boolean;
  sortOrder: number;
}

export const SHIPPED_PUEBLOS: readonly ShippedPueblo[] = [
  { code: 'maya', nameEs: 'Maya', nameEn: 'Maya' },
  { code: 'garifuna', nameEs: 'Garífuna', nameEn: 'Garifuna' },
  { code: 'xinka', nameEs: 'Xinka', nameEn: 'Xinka' },
  {
    code: 'afrodescendiente',
    nameEs: 'Afrodescendiente / Creole / Afromestizo',
    nameEn: 'Afro-descendant / Creole / Afro-mestizo',
  },
  { code: 'ladino', nameEs: 'Ladino', nameEn: 'Ladino' },
  { code: 'extranjero', nameEs: 'Extranjero', nameEn: 'Foreign' },
].map((p, i) => ({ ...(p as Omit<ShippedPueblo, 'verify' | 'sortOrder'>), verify: true, sortOrder: i + 1 }));

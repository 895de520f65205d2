import { z } from 'zod';
import { booleanQuery, nameField } from '../admin/shared.ts';

export const REFERENCE_LISTS = ['places', 'languages', 'pueblos', 'countries'] as const;
export type ReferenceList = (typeof REFERENCE_LISTS)[number];

const common = {
  code: z.string(),
  nameEs: z.string(),
  nameEn: z.string(),
  active: z.boolean(),
  version: z.number().int(),
  /** When an administrator last changed the entry (null: as shipped). */
  editedAt: z.string().nullable(),
};

export const placeSchema = z.object({
  ...common,
  kind: z.enum(['department', 'municipality', 'lake']),
  departmentCode: z.string().nullable(),
  pcode: z.string(),
  areaKm2: z.number().nullable(),
  centroid: z.object({ lat: z.number(), lon: z.number() }).nullable(),
});

export const puebloSchema = z.object({ ...common, verify: z.boolean(), sortOrder: z.number().int() });

export const languageSchema = z.object({
  ...common,
  family: z.string(),
  comunidad: z.string().nullable(),
  pueblo: z.string().nullable(),
  verify: z.boolean(),
  sortOrder: z.number().int(),
});

export const countrySchema = z.object({ ...common, alpha3: z.string(), numeric: z.string() });

export type PlaceOut = z.infer<typeof placeSchema>;
export type PuebloOut = z.infer<typeof puebloSchema>;
export type LanguageOut = z.infer<typeof languageSchema>;
export type CountryOut = z.infer<typeof countrySchema>;
export type EntryOut = PlaceOut | PuebloOut | LanguageOut | CountryOut;

export const listQuery = z.object({ active: booleanQuery });
export const placeListQuery = z.object({
  active: booleanQuery,
  kind: z.enum(['department', 'municipality', 'lake']).optional(),
  department: z
    .string()
    .regex(/^\d{2}$/)
    .optional(),
});

export const listOf = <T extends z.ZodType>(item: T) => z.object({ items: z.array(item) });

export const entryParams = z.object({ list: z.enum(REFERENCE_LISTS), code: z.string().min(1).max(20) });

export const updateEntryBody = z.strictObject({
  nameEs: nameField.optional(),
  nameEn: nameField.optional(),
  active: z.boolean().optional(),
});
export type UpdateEntry = z.infer<typeof updateEntryBody>;

/** Tried in order: the pueblo shape is the most general, so it comes last. */
export const entrySchema = z.union([placeSchema, languageSchema, countrySchema, puebloSchema]);

import { z } from 'zod';
import { paginated, paginationQuery } from '../platform/http/pagination.ts';
import { booleanQuery, nameField } from '../admin/shared.ts';

/** The families a language may belong to (the check of table language). */
export const LANGUAGE_FAMILIES = ['mayan', 'arawakan', 'xinkan', 'indo_european', 'other'] as const;

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

/** The administration screen's query: one page of a list, searched by code or name. */
export const entryListParams = z.object({ list: z.enum(REFERENCE_LISTS) });
export const entryListQuery = z.object({
  ...paginationQuery,
  active: booleanQuery,
  q: z.string().trim().max(100).optional(),
});

export const entryPage = paginated(entrySchema).extend({
  /** Whether the caller may change the lists (setting:manage over the whole installation). */
  editable: z.boolean(),
});

/** A municipality created by law after the shipped list; its department is the first two digits. */
export const createPlaceBody = z.strictObject({
  code: z.string().regex(/^\d{4}$/, 'Código INE de municipio: cuatro dígitos.'),
  nameEs: nameField,
  nameEn: nameField.optional(),
  areaKm2: z.number().positive().max(200_000).nullable().optional(),
  centroid: z
    .strictObject({ lat: z.number().min(13).max(18.5), lon: z.number().min(-92.5).max(-88) })
    .nullable()
    .optional(),
});

export const createLanguageBody = z.strictObject({
  code: z.string().regex(/^[a-z]{3}$/, 'Código ISO 639-3: tres letras minúsculas.'),
  nameEs: nameField,
  nameEn: nameField,
  family: z.enum(LANGUAGE_FAMILIES),
  comunidad: nameField.nullable().optional(),
  pueblo: z.string().max(40).nullable().optional(),
});

export const createPuebloBody = z.strictObject({
  code: z.string().regex(/^[a-z_]{2,40}$/, 'Código: de 2 a 40 letras minúsculas o guiones bajos.'),
  nameEs: nameField,
  nameEn: nameField,
});

export type CreatePlace = z.infer<typeof createPlaceBody>;
export type CreateLanguage = z.infer<typeof createLanguageBody>;
export type CreatePueblo = z.infer<typeof createPuebloBody>;

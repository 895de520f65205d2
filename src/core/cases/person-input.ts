import { z } from 'zod';
import {
  DISABILITY_DOMAINS,
  EDUCATION_LEVELS,
  GENDERS,
  IDENTITY_DOCUMENT_TYPES,
  NO_CONTACT_SOURCES,
  RELATION_KINDS,
  RELATIONSHIPS,
  SEXES,
} from './vocabulary.ts';
import { todayUtc } from '../dates.ts';

/** Input schemas of the person registry, shared by the server (validation) and the web (forms). */

export const NAME_PART_MAX = 100;

const namePart = z.string().trim().min(1).max(NAME_PART_MAX);
const nullableText = (max: number) => z.string().trim().min(1).max(max).nullable().optional();

export const isoDate = z.iso.date();
export const pastDate = isoDate.refine((d) => d <= todayUtc(), { message: 'La fecha no puede ser futura.' });

/** ISO 3166-1 alpha-3 (GTM, MEX, USA …). */
export const countryCode = z.string().regex(/^[A-Z]{3}$/, 'Código de país ISO 3166 alfa-3 (p. ej. GTM).');
/** ISO 639-3 (spa, kek, mam, quc …): Mayan languages have no 639-2 code. */
export const languageCode = z.string().regex(/^[a-z]{3}$/, 'Código de idioma ISO 639-3 (p. ej. kek).');

export const dateOfBirthInput = z
  .discriminatedUnion('precision', [
    z.strictObject({ precision: z.literal('unknown') }),
    z.strictObject({ precision: z.literal('exact'), date: pastDate }),
    z.strictObject({
      precision: z.literal('year'),
      year: z
        .number()
        .int()
        .min(1900)
        .refine((y) => y <= new Date().getUTCFullYear(), { message: 'El año no puede ser futuro.' }),
    }),
    z
      .strictObject({
        precision: z.literal('age_range'),
        ageMin: z.number().int().min(0).max(120),
        ageMax: z.number().int().min(0).max(120),
        /** The day the age was estimated; today when omitted. */
        asOf: pastDate.optional(),
      })
      .refine((r) => r.ageMin <= r.ageMax, {
        message: 'La edad mínima no puede ser mayor que la máxima.',
        path: ['ageMax'],
      }),
  ])
  .nullable();
export type DateOfBirthInput = z.infer<typeof dateOfBirthInput>;

export const languagesInput = z.strictObject({
  primary: languageCode.nullable(),
  others: z.array(languageCode).max(10),
  interpreterNeeded: z.boolean(),
});

/** Place of origin by INE code: 2-digit department, 4-digit municipality within it, and the community. */
export const originInput = z
  .strictObject({
    departmentCode: z
      .string()
      .regex(/^\d{2}$/, 'Código INE de departamento de 2 dígitos.')
      .nullable(),
    municipalityCode: z
      .string()
      .regex(/^\d{4}$/, 'Código INE de municipio de 4 dígitos.')
      .nullable(),
    community: z.string().trim().min(1).max(200).nullable(),
  })
  .refine((o) => !o.municipalityCode || o.municipalityCode.startsWith(o.departmentCode ?? '--'), {
    message: 'El municipio no pertenece al departamento indicado.',
    path: ['municipalityCode'],
  })
  .nullable();

const personFields = {
  givenNames: namePart,
  firstSurname: namePart.nullable(),
  secondSurname: namePart.nullable(),
  otherNames: z.array(namePart).max(20),
  sex: z.enum(SEXES).nullable(),
  gender: z.enum(GENDERS).nullable(),
  dateOfBirth: dateOfBirthInput,
  citizenships: z.array(countryCode).max(5),
  /** A code of the census pueblo list (reference table `pueblo`). */
  pueblo: z
    .string()
    .regex(/^[a-z_]{2,40}$/)
    .nullable(),
  languages: languagesInput,
  origin: originInput,
  educationLevel: z.enum(EDUCATION_LEVELS).nullable(),
  disabilities: z.array(z.enum(DISABILITY_DOMAINS)).max(DISABILITY_DOMAINS.length),
};

export const createPersonInput = z.strictObject({
  givenNames: personFields.givenNames,
  firstSurname: personFields.firstSurname.optional(),
  secondSurname: personFields.secondSurname.optional(),
  otherNames: personFields.otherNames.optional(),
  sex: personFields.sex.optional(),
  gender: personFields.gender.optional(),
  dateOfBirth: personFields.dateOfBirth.optional(),
  citizenships: personFields.citizenships.optional(),
  pueblo: personFields.pueblo.optional(),
  linguisticCommunity: nullableText(100),
  languages: personFields.languages.optional(),
  origin: personFields.origin.optional(),
  educationLevel: personFields.educationLevel.optional(),
  disabilities: personFields.disabilities.optional(),
});
export type CreatePersonInput = z.infer<typeof createPersonInput>;

export const updatePersonInput = createPersonInput.partial();
export type UpdatePersonInput = z.infer<typeof updatePersonInput>;

/** What registration matching compares: the name as typed and what is known of the birth date. */
export const matchPersonInput = z.strictObject({
  givenNames: namePart,
  firstSurname: namePart.nullable().optional(),
  secondSurname: namePart.nullable().optional(),
  dateOfBirth: dateOfBirthInput.optional(),
});
export type MatchPersonInput = z.infer<typeof matchPersonInput>;

const relationFields = {
  kind: z.enum(RELATION_KINDS),
  name: z.string().trim().min(1).max(200),
  relationship: z.enum(RELATIONSHIPS),
  isGuardian: z.boolean(),
  phone: z
    .string()
    .trim()
    .regex(/^\+?[0-9 ()-]{6,20}$/, 'Número de teléfono no válido.')
    .nullable(),
  address: z.string().trim().min(1).max(500).nullable(),
  notes: z.string().trim().min(1).max(2000).nullable(),
  noContact: z.boolean(),
  noContactReason: z.string().trim().min(1).max(500).nullable(),
  noContactSource: z.enum(NO_CONTACT_SOURCES).nullable(),
};

const NO_CONTACT_NEEDS = 'Una prohibición de contacto requiere motivo y fuente (p. ej. orden judicial).';

export const createRelationInput = z
  .strictObject({
    kind: relationFields.kind,
    name: relationFields.name,
    relationship: relationFields.relationship,
    isGuardian: relationFields.isGuardian.optional(),
    phone: relationFields.phone.optional(),
    address: relationFields.address.optional(),
    notes: relationFields.notes.optional(),
    noContact: relationFields.noContact.optional(),
    noContactReason: relationFields.noContactReason.optional(),
    noContactSource: relationFields.noContactSource.optional(),
  })
  .refine((r) => !r.noContact || (r.noContactReason && r.noContactSource), {
    message: NO_CONTACT_NEEDS,
    path: ['noContactReason'],
  });
export type CreateRelationInput = z.infer<typeof createRelationInput>;

/** Partial; the no-contact rule is checked on the merged record by the server. */
export const updateRelationInput = z.strictObject({
  kind: relationFields.kind.optional(),
  name: relationFields.name.optional(),
  relationship: relationFields.relationship.optional(),
  isGuardian: relationFields.isGuardian.optional(),
  phone: relationFields.phone.optional(),
  address: relationFields.address.optional(),
  notes: relationFields.notes.optional(),
  noContact: relationFields.noContact.optional(),
  noContactReason: relationFields.noContactReason.optional(),
  noContactSource: relationFields.noContactSource.optional(),
});
export type UpdateRelationInput = z.infer<typeof updateRelationInput>;
export const NO_CONTACT_REQUIREMENT = NO_CONTACT_NEEDS;

export const identityDocumentInput = z.strictObject({
  type: z.enum(IDENTITY_DOCUMENT_TYPES),
  number: z.string().trim().min(3).max(40),
  issuingCountry: countryCode.nullable().optional(),
});
export const updateIdentityDocumentInput = identityDocumentInput.partial();

/**
 * The form of a document number that the blind index is computed on: letters upper-cased, spaces, hyphens,
 * dots and slashes removed ("2456 78901 0101" = "2456-78901-0101").
 */
export const normaliseDocumentNumber = (number: string) => number.toUpperCase().replace(/[\s\-./]/g, '');

/** A CUI (DPI) has 13 digits. */
export const isValidCui = (number: string) => /^\d{13}$/.test(normaliseDocumentNumber(number));

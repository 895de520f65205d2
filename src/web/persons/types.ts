// The person registry's API shapes, taken from the server's response schemas (types only: no server code
// reaches the browser), so the screens and the API cannot drift apart.
import type { z } from 'zod';
import type { registrationMatchResult } from '../../server/linkage/registration.ts';
import type { searchResult } from '../../server/persons/schemas.ts';
import type { accessLogEntry } from '../../server/cases/audit.ts';

export type {
  IdentityDocumentOut as IdentityDocument,
  NoContactOut as NoContact,
  PersonOut as Person,
  PersonRefOut as PersonRef,
  RelationOut as Relation,
} from '../../server/persons/schemas.ts';
/** The record of one person (its single read): the person with the photo for a reader cleared for it. */
export type { PersonRecordOut as PersonRecord } from '../../server/persons/photo.ts';
export type { HistoryEntry } from '../../server/cases/history.ts';
export type { CountryOut, LanguageOut, PlaceOut, PuebloOut } from '../../server/reference/schemas.ts';

export type SearchPage = z.infer<typeof searchResult>;
export type SearchHit = SearchPage['items'][number];
export type MatchResult = z.infer<typeof registrationMatchResult>;
export type MatchCandidate = MatchResult['candidates'][number];
export type AccessLogEntry = z.infer<typeof accessLogEntry>;

// The case-work API's shapes, taken from the server's response schemas (types only).
import type { z } from 'zod';
import type { consentListSchema } from '../../server/consent/schemas.ts';
import type { noteDetailSchema } from '../../server/notes/schemas.ts';
import type { destinationsSchema } from '../../server/referrals/case-referrals.ts';
import type { serviceProviderSchema } from '../../server/services/directory.ts';

export type { ConsentOut as Consent } from '../../server/consent/schemas.ts';
export type { NoteOut as Note } from '../../server/notes/schemas.ts';
export type { ReceiverView, ReferralOut as Referral, SenderView } from '../../server/referrals/schemas.ts';
export type { ServiceOut as Service } from '../../server/services/schemas.ts';

export type ConsentList = z.infer<typeof consentListSchema>;
export type NoteDetail = z.infer<typeof noteDetailSchema>;
export type ServiceProvider = z.infer<typeof serviceProviderSchema>;

/** GET /api/cases/:id/referral-destinations: whom a referral or a consent for the case can name. */
export type Destinations = z.infer<typeof destinationsSchema>;

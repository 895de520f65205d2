import { z } from 'zod';

/** Schemas shared by the linkage routes. */

/** One term of a score: the comparison, the level the pair reached, and its weight in bits. */
export const explanationSchema = z.array(
  z.object({
    /** "prior" for the model's starting odds, else the compared field (given_names, birth_date, …). */
    field: z.string(),
    level: z.string(),
    weight: z.number(),
    /** The part of the weight due to how rare the agreeing value is. */
    termFrequencyAdjustment: z.number().optional(),
  }),
);

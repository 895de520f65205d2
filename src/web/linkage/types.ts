// Record linkage's API shapes, taken from the server's response schemas (types only: no server code reaches
// the browser).
import type { z } from 'zod';
import type { mergeSchema } from '../../server/linkage/merges.ts';
import type { pairDetail, pairSummary } from '../../server/linkage/queue.ts';
import type { explanationSchema } from '../../server/linkage/schemas.ts';
import type { detailSchema, summarySchema, tracingInput } from '../../server/linkage/tracing.ts';
import type { noticeSchema } from '../../server/linkage/contacts.ts';

export type PairSummary = z.infer<typeof pairSummary>;
export type PairDetail = z.infer<typeof pairDetail>;
export type Explanation = z.infer<typeof explanationSchema>;
export type Merge = z.infer<typeof mergeSchema>;
export type TracingSummary = z.infer<typeof summarySchema>;
export type TracingDetail = z.infer<typeof detailSchema>;
export type TracingInput = z.input<typeof tracingInput>;
export type Notice = z.infer<typeof noticeSchema>;

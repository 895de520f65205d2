import { sealContext } from '../cases/shared.ts';
import type { EncryptedColumn } from '../platform/crypto/encrypted-columns.ts';

/**
 * The envelope-encrypted columns of migration 0008 and their contexts (used when encrypting, decrypting and
 * rotating keys): assessment answers, plan goals and reviews, approval comments.
 */

export const answersContext = (id: string) => sealContext('assessment_answers', 'answers', id);
export const goalsContext = (id: string) => sealContext('case_plan', 'goals', id);
export const reviewSummaryContext = (id: string) => sealContext('case_plan_review', 'summary', id);
export const requestCommentContext = (id: string) => sealContext('approval', 'request_comment', id);
export const decisionCommentContext = (id: string) => sealContext('approval', 'comment', id);

export const ASSESSMENT_PLAN_ENCRYPTED_COLUMNS: readonly EncryptedColumn[] = [
  { table: 'assessment_answers', column: 'answers_sealed', key: 'id', context: answersContext },
  { table: 'case_plan', column: 'goals_sealed', key: 'id', context: goalsContext },
  { table: 'case_plan_review', column: 'summary_sealed', key: 'id', context: reviewSummaryContext },
  { table: 'approval', column: 'request_comment_sealed', key: 'id', context: requestCommentContext },
  { table: 'approval', column: 'comment_sealed', key: 'id', context: decisionCommentContext },
];

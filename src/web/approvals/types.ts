// The approvals API's shapes, taken from the server's response schemas (types only).
export type { ApprovalOut as Approval } from '../../server/approvals/schemas.ts';

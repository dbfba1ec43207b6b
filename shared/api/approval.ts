// The Approve step's sign-off: the reviewer approves the plan as it stands. An approval holds
// only while nothing changes under it: a later decision (or undo, redo, import) or a re-pull
// invalidates it, and the status says which and when.
import { z } from 'zod';
import { mutation, query } from './define.ts';

export const Approval = z.object({
  id: z.string(),
  reviewer: z.string(),
  at: z.string(),
  note: z.string(),
  /** The plan's sha256 (reconcile-plan-export) when it was approved. */
  planSha256: z.string(),
  /** Rows per plan table then, and the control totals' sums. */
  planRows: z.number().int(),
  amountMinor: z.number().int(),
});
export type Approval = z.infer<typeof Approval>;

export const ApprovalStatus = z.object({
  /** The latest sign-off, valid or not; null when none was given. */
  approval: Approval.nullable(),
  valid: z.boolean(),
  /** Why the latest sign-off no longer holds. */
  invalidatedBy: z
    .object({ kind: z.enum(['decision', 'repull', 'revoked']), at: z.string(), detail: z.string() })
    .nullable(),
  /** Why a sign-off cannot be given now (blocking findings, a stale reconciliation), or null. */
  cannotSign: z.string().nullable(),
});
export type ApprovalStatus = z.infer<typeof ApprovalStatus>;

export const approvalProcedures = {
  'approval-status': query({
    input: z.object({}).strict(),
    output: ApprovalStatus,
    summary: 'The sign-off of the plan: who approved it and when, and whether a later decision or re-pull has invalidated it.',
    reads: ['approval', 'decisions', 'cache', 'findings', 'plan', 'jobs'],
  }),
  'approval-sign': mutation({
    input: z
      .object({
        note: z.string().trim().max(2000).default(''),
        /** The plan's sha256 the reviewer saw; refused if the plan is now another. */
        planSha256: z.string().regex(/^[0-9a-f]{64}$/),
      })
      .strict(),
    output: ApprovalStatus,
    summary: 'Signs the plan off as the reviewer (refused while findings block, or if the plan changed since it was shown).',
    writes: ['approval'],
    reads: ['plan', 'findings', 'decisions'],
  }),
  'approval-revoke': mutation({
    input: z.object({ reason: z.string().trim().max(2000).default('') }).strict(),
    output: ApprovalStatus,
    summary: 'Withdraws the sign-off.',
    writes: ['approval'],
  }),
};

// The launch wizard's steps, each derived from what the workspace actually holds.
import type { WizardStep } from '../../../shared/api/app.ts';
import type { ConnectionStatus, StreamStatus } from '../../../shared/api/sources.ts';
import type { CutoverStatus, SwapDirection } from '../../../shared/api/cutover.ts';

/** Where the review stands: whether the reconciliation ran, what is open and blocks, the sign-off. */
export interface ReviewFacts {
  computed: boolean;
  recomputing: boolean;
  open: number;
  blocking: number;
  decisions: number;
  approved: boolean;
  /** The latest sign-off no longer holds. */
  approvalInvalidated: boolean;
}

/** Where the push stands: the target, the last push, and whether it is of the plan signed off now. */
export interface PushFacts {
  /** user@host:port/db, or null with no target. */
  target: string | null;
  running: boolean;
  last: { at: string; outcome: 'pushed' | 'rejected'; errors: number; warnings: number; planSha256: string } | null;
  /** The sha256 of the plan signed off now, when its sign-off holds. */
  approvedSha: string | null;
}

function pushStep(p: PushFacts): WizardStep {
  const current = p.last !== null && p.last.outcome === 'pushed' && p.last.planSha256 === p.approvedSha;
  const facts = [
    { label: 'Target', value: p.target ?? 'not connected' },
    ...(p.last
      ? [{ label: 'Last push', value: `${p.last.at}: ${p.last.outcome === 'pushed' ? 'staged' : 'rejected by validation'} (${p.last.errors} errors, ${p.last.warnings} warnings)` }]
      : []),
  ];
  return {
    id: 'push',
    title: 'Push',
    state: p.running ? 'running' : current ? 'done' : p.approvedSha && p.target ? 'todo' : 'blocked',
    summary: p.running
      ? 'Pushing…'
      : current
        ? 'Staging holds the signed-off plan, validated in the target.'
        : !p.approvedSha
          ? 'Sign the plan off first.'
          : !p.target
            ? 'Connect to the target database (or start the demo production).'
            : p.last?.outcome === 'rejected' && p.last.planSha256 === p.approvedSha
              ? 'The last push was rejected by validation: see its errors.'
              : 'Push the signed-off plan into staging.',
    facts,
  };
}

/** Where the cutover stands as this workspace ran it: what runs now, its last plan, its last committed swap. */
export interface CutoverFacts {
  running: NonNullable<CutoverStatus['running']>['kind'] | null;
  plan: { at: string; direction: SwapDirection; runnable: boolean; refusals: number } | null;
  last: { at: string; direction: SwapDirection; historyId: number; lockHoldMs: number } | null;
}

const ms = (n: number) => `${Math.round(n).toLocaleString('en-US')} ms`;

/** Plan, Cut over and Verify. A plan counts when it is of a cutover, made after the push staged and after the last swap. */
export function cutoverSteps(c: CutoverFacts, pushAt: string | null): WizardStep[] {
  const last = c.last;
  const plan = c.plan && c.plan.direction === 'cutover' && pushAt !== null && c.plan.at > pushAt && (!last || c.plan.at > last.at) ? c.plan : null;
  const cutOver = last?.direction === 'cutover';
  const rolledBack = last?.direction === 'rollback';
  const planFacts = c.plan ? [{ label: 'Last plan', value: `${c.plan.at}: ${c.plan.direction}, ${c.plan.runnable ? 'can run' : `${c.plan.refusals} refusals`}` }] : [];
  const lastFacts = last ? [{ label: 'Last swap', value: `${last.at}: ${last.direction} (history #${last.historyId}, lock held ${ms(last.lockHoldMs)})` }] : [];
  const planStep: WizardStep = {
    id: 'plan',
    title: 'Plan',
    state: c.running === 'cutover-plan' ? 'running' : cutOver || plan?.runnable ? 'done' : plan || pushAt !== null ? 'todo' : 'blocked',
    summary:
      c.running === 'cutover-plan'
        ? 'Planning…'
        : cutOver
          ? 'The cutover ran as planned.'
          : plan
            ? plan.runnable
              ? 'The cutover is planned: its SQL, row changes and lock time are ready to read.'
              : `The plan is refused (${plan.refusals} objects it cannot handle): see why.`
            : pushAt === null
              ? 'Push the signed-off plan first.'
              : rolledBack
                ? 'Rolled back: plan again to cut over again.'
                : 'Plan the cutover: see exactly what it will do before anything changes.',
    facts: planFacts,
  };
  const cutoverStep: WizardStep = {
    id: 'cutover',
    title: 'Cut over',
    state: c.running === 'cutover' ? 'running' : cutOver ? 'done' : plan?.runnable ? 'todo' : 'blocked',
    summary:
      c.running === 'cutover'
        ? 'Cutting over…'
        : cutOver
          ? `Cut over; the tables were locked for ${ms(last.lockHoldMs)}.`
          : plan?.runnable
            ? 'Type the confirmation to cut over, in one transaction.'
            : 'Make a plan that can run first.',
    facts: lastFacts,
  };
  const verify: WizardStep = {
    id: 'verify',
    title: 'Verify',
    state: c.running === 'rollback' ? 'running' : last ? 'done' : 'blocked',
    summary:
      c.running === 'rollback'
        ? 'Rolling back…'
        : cutOver
          ? 'Production runs on the new tables: the checks and the launch report are here; a rollback is one confirmation away.'
          : rolledBack
            ? 'Rolled back: production has its tables back.'
            : 'Cut over first.',
    facts: lastFacts,
  };
  return [planStep, cutoverStep, verify];
}

export function wizardSteps(input: { connection: ConnectionStatus; streams: StreamStatus[]; pullRunning: boolean; review: ReviewFacts; push: PushFacts; cutover: CutoverFacts }): WizardStep[] {
  const { connection, streams, pullRunning, review: r } = input;
  const connected = connection.mode !== 'none' && connection.xendit.hasKey && connection.systeme.hasKey;
  const total = streams.reduce((n, s) => n + s.records, 0);
  const quarantined = streams.reduce((n, s) => n + s.quarantined, 0);
  const complete = streams.filter((s) => s.checkpoint === 'complete').length;
  const partial = streams.some((s) => s.checkpoint === 'partial');

  const connect: WizardStep = {
    id: 'connect',
    title: 'Connect',
    state: connected ? 'done' : 'todo',
    summary: connected
      ? connection.mode === 'demo'
        ? 'Connected to the built-in demo (simulated Xendit and Systeme.io).'
        : 'Xendit and Systeme.io keys are set.'
      : 'Enter the Xendit and Systeme.io keys, or open the demo.',
    facts: [
      { label: 'Xendit', value: connection.xendit.hasKey ? `${connection.xendit.baseUrl} (${connection.xendit.keyHint})` : 'not set' },
      { label: 'Systeme.io', value: connection.systeme.hasKey ? `${connection.systeme.baseUrl} (${connection.systeme.keyHint})` : 'not set' },
    ],
  };

  const push = pushStep(input.push);

  const pull: WizardStep = {
    id: 'pull',
    title: 'Pull',
    state: pullRunning ? 'running' : complete === streams.length ? 'done' : connected || total > 0 ? 'todo' : 'blocked',
    summary: pullRunning
      ? 'Pulling…'
      : total === 0
        ? connected
          ? 'Nothing pulled yet.'
          : 'Connect first (or import CSV exports).'
        : `${total.toLocaleString('en-US')} records cached${partial ? '; a stopped pull will resume' : ''}${quarantined ? `; ${quarantined} quarantined` : ''}.`,
    facts: streams.map((s) => ({ label: s.label, value: `${s.records.toLocaleString('en-US')}${s.quarantined ? ` (+${s.quarantined} quarantined)` : ''}` })),
  };

  return [
    connect,
    pull,
    {
      id: 'review',
      title: 'Review',
      state: r.recomputing ? 'running' : !r.computed ? 'blocked' : r.blocking === 0 ? 'done' : 'todo',
      summary: r.recomputing
        ? 'Reconciling…'
        : !r.computed
          ? 'Pull the sources first.'
          : `${r.open.toLocaleString('en-US')} findings open, ${r.blocking.toLocaleString('en-US')} blocking; ${r.decisions.toLocaleString('en-US')} decisions.`,
      facts: [],
    },
    {
      id: 'approve',
      title: 'Approve',
      state: r.approved ? 'done' : !r.computed || r.blocking > 0 ? 'blocked' : 'todo',
      summary: r.approved
        ? 'The plan is signed off.'
        : r.approvalInvalidated
          ? 'The sign-off no longer holds: something changed after it.'
          : r.blocking > 0
            ? 'Decide the blocking findings first.'
            : 'Check the totals and sign the plan off.',
      facts: [],
    },
    push,
    ...cutoverSteps(input.cutover, push.state === 'done' ? (input.push.last?.at ?? null) : null),
  ];
}

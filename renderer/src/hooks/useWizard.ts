// The launch wizard's steps as the engine derives them; the query reloads whenever the engine
// says a dataset the wizard reads has changed, so badges never lag what the workspace holds.
import { createContext, useContext } from 'react';
import type { StepId, WizardStep } from '../../../shared/api/app.ts';

export interface Wizard {
  steps: WizardStep[] | undefined;
  loading: boolean;
}

export const WizardContext = createContext<Wizard | null>(null);

export function useWizard(): Wizard {
  const w = useContext(WizardContext);
  if (!w) throw new Error('useWizard outside WizardContext');
  return w;
}

export interface StepView {
  step: WizardStep | undefined;
  title: string;
  /** The step's state, or the wizard's own 'loading' / 'unknown' until the engine has answered. */
  state: string;
}

export function describeStep({ steps, loading }: Wizard, id: StepId): StepView {
  const step = steps?.find((s) => s.id === id);
  return { step, title: step?.title ?? stepLabels[id], state: step?.state ?? (loading ? 'loading' : 'unknown') };
}

export function useStep(id: StepId): WizardStep | undefined {
  return describeStep(useWizard(), id).step;
}

/** The wizard's own names, used only until the engine has answered. */
export const stepLabels: Record<StepId, string> = {
  connect: 'Connect',
  pull: 'Pull',
  review: 'Review',
  approve: 'Approve',
  push: 'Push',
  plan: 'Plan',
  cutover: 'Cut over',
  verify: 'Verify',
};

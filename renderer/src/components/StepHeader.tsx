// A wizard step's heading: its number, title, state and the engine's one-line summary.
import { stepIds, type StepId } from '../../../shared/api/app.ts';
import { describeStep, useWizard } from '../hooks/useWizard.ts';
import { StateBadge } from './StateBadge.tsx';

export function StepHeader({ id }: { id: StepId }) {
  const wizard = useWizard();
  const { step, title, state } = describeStep(wizard, id);
  const index = stepIds.indexOf(id);
  return (
    <header className="page-header">
      <div className="eyebrow">
        Step {index + 1} of {stepIds.length}
      </div>
      <div className="title-row">
        <h1 data-testid="step-title" tabIndex={-1}>{title}</h1>
        <StateBadge testId="step-state" state={state} />
      </div>
      {step ? (
        <p className={`summary${step.state === 'unavailable' ? ' summary-unavailable' : ''}`} data-testid="step-summary">
          {step.summary}
        </p>
      ) : (
        <p className="summary muted">{wizard.loading ? 'Reading the workspace…' : 'The step’s state could not be read.'}</p>
      )}
    </header>
  );
}

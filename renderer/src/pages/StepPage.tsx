// A wizard step without a page of its own yet: its title, state, summary and facts, exactly as
// the engine reports them. An unavailable step says so and shows nothing else.
import type { StepId } from '../../../shared/api/app.ts';
import { Facts } from '../components/Facts.tsx';
import { StepHeader } from '../components/StepHeader.tsx';
import { useStep } from '../hooks/useWizard.ts';

export function StepPage({ id }: { id: StepId }) {
  const step = useStep(id);
  return (
    <div className="page">
      <StepHeader id={id} />
      {step && step.facts.length > 0 && (
        <section className="card">
          <Facts facts={step.facts} />
        </section>
      )}
    </div>
  );
}

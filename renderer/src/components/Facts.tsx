// A step's facts from the engine, as label / value pairs.
import type { WizardStep } from '../../../shared/api/app.ts';

export function Facts({ facts }: { facts: WizardStep['facts'] }) {
  return (
    <dl className="facts" data-testid="step-facts">
      {facts.map((f, i) => (
        <div className="fact" key={`${f.label}-${i}`}>
          <dt>{f.label}</dt>
          <dd className="num">{f.value}</dd>
        </div>
      ))}
    </dl>
  );
}

// Failed calls, shown until dismissed.
import { useErrors } from '../hooks/useErrors.ts';

export function ErrorBanner() {
  const { errors, dismiss } = useErrors();
  if (errors.length === 0) return null;
  return (
    <div className="error-banner" role="alert" data-testid="error-banner">
      {errors.map((e) => (
        <div className="error-item" key={e.id} data-testid="error-message">
          <span className="error-icon" aria-hidden="true">!</span>
          <span className="error-text">
            {e.context && <strong>{e.context}: </strong>}
            {e.message}
            {e.count > 1 && <span className="muted"> (×{e.count})</span>}
          </span>
          <button type="button" className="icon-button" aria-label="Dismiss" data-testid="error-dismiss" onClick={() => dismiss(e.id)}>
            ×
          </button>
        </div>
      ))}
    </div>
  );
}

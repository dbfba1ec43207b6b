// Reports arrive with reconciliation; until then this page says so and shows nothing invented.
export function ReportsPage() {
  return (
    <div className="page">
      <header className="page-header">
        <h1 data-testid="page-title" tabIndex={-1}>Reports</h1>
        <p className="summary">
          Revenue (by product, status, month and quarter), the lead-to-customer funnel and data-quality reports arrive with
          reconciliation, which is not built yet.
        </p>
      </header>
      <section className="card">
        <p className="muted">
          There is nothing to report until then: Cutover shows only figures it has computed from your workspace. What the cache holds
          now is on the Pull step; past jobs are in History.
        </p>
      </section>
    </div>
  );
}

// Shown instead of the app when the page has neither the desktop bridge nor an access token.
export function MissingToken() {
  return (
    <div className="fullpage-message" role="alert" data-testid="missing-token">
      <div className="card">
        <h1>Cutover needs its access link</h1>
        <p>
          Open the URL printed by <code>npm start</code>, which includes the access token.
        </p>
        <p className="muted">
          The token changes every time Cutover starts and only lives in this browser tab, so a bookmarked or copied address without it
          cannot reach your workspace.
        </p>
      </div>
    </div>
  );
}

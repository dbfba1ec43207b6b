// The shell: wizard navigation on the left; the error banner, the job bar and the current page
// on the right. Providers for the API client, the banner and the job store wrap it all.
import { useEffect, useMemo, useRef, useState } from 'react';
import type { ApiClient } from '../../shared/api/index.ts';
import { ErrorBanner } from './components/ErrorBanner.tsx';
import { ErrorBoundary } from './components/ErrorBoundary.tsx';
import { JobBar } from './components/JobBar.tsx';
import { StepNav } from './components/StepNav.tsx';
import { ApiContext, useApi, useQuery } from './hooks/useApi.ts';
import { ErrorsContext, useErrorsState } from './hooks/useErrors.ts';
import { JobStore, JobsContext, useJobEvents, useJobStoreLifecycle } from './hooks/useJobs.ts';
import { routeHref, useRoute, type Route } from './hooks/useRoute.ts';
import { WizardContext, stepLabels, type Wizard } from './hooks/useWizard.ts';
import { ConnectPage } from './pages/ConnectPage.tsx';
import { HistoryPage } from './pages/HistoryPage.tsx';
import { PullPage } from './pages/PullPage.tsx';
import { ReportsPage } from './pages/ReportsPage.tsx';
import { StepPage } from './pages/StepPage.tsx';

export function App({ api }: { api: ApiClient }) {
  const errors = useErrorsState();
  const [store] = useState(() => new JobStore(api));
  return (
    <ApiContext value={api}>
      <ErrorsContext value={errors}>
        <JobsContext value={store}>
          <Shell store={store} />
        </JobsContext>
      </ErrorsContext>
    </ApiContext>
  );
}

function Page({ route }: { route: Route }) {
  if (route.page === 'history') return <HistoryPage />;
  if (route.page === 'reports') return <ReportsPage />;
  if (route.step === 'connect') return <ConnectPage />;
  if (route.step === 'pull') return <PullPage />;
  return <StepPage id={route.step} />;
}

function pageTitle(route: Route): string {
  if (route.page === 'history') return 'History';
  if (route.page === 'reports') return 'Reports';
  return stepLabels[route.step];
}

function Shell({ store }: { store: JobStore }) {
  const api = useApi();
  useJobStoreLifecycle(store, api);
  const route = useRoute();
  const key = routeHref(route);
  const wizardQuery = useQuery('wizard-status', {}, 'Wizard');
  const info = useQuery('app-info', {}, 'App info');
  const { reload } = wizardQuery;

  // Jobs change what the workspace holds: re-read the wizard when one starts or ends.
  useJobEvents({ onStart: () => void reload(), onEnd: () => void reload() });

  // And on every navigation (the first render already loads it).
  const first = useRef(true);
  const mainRef = useRef<HTMLElement>(null);
  const title = pageTitle(route);
  useEffect(() => {
    document.title = `${title} · Cutover`;
  }, [title]);
  useEffect(() => {
    if (first.current) {
      first.current = false;
      return;
    }
    void reload();
    mainRef.current?.scrollTo({ top: 0 });
  }, [key, reload]);

  const wizard: Wizard = useMemo(
    () => ({ steps: wizardQuery.data, loading: wizardQuery.loading, reload }),
    [wizardQuery.data, wizardQuery.loading, reload],
  );

  return (
    <WizardContext value={wizard}>
      <div className="app">
        <StepNav route={route} info={info.data} />
        <div className="content">
          <ErrorBanner />
          <JobBar />
          <main ref={mainRef} className="main">
            <ErrorBoundary key={key}>
              <Page route={route} />
            </ErrorBoundary>
          </main>
        </div>
      </div>
    </WizardContext>
  );
}

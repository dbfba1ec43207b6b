// The shell: wizard navigation on the left; the error banner, the job bar and the current page
// on the right. Providers for the API client, the banner, the query cache and the job store wrap
// it all; one listener to the engine's events keeps the cache and the jobs current.
import { useEffect, useMemo, useRef, useState, type RefObject } from 'react';
import type { RendererApi } from './api/client.ts';
import { ErrorBanner } from './components/ErrorBanner.tsx';
import { ErrorBoundary } from './components/ErrorBoundary.tsx';
import { JobAnnouncer } from './components/JobAnnouncer.tsx';
import { JobBar } from './components/JobBar.tsx';
import { StepNav } from './components/StepNav.tsx';
import { ApiContext } from './hooks/useApi.ts';
import { useEngineSync } from './hooks/useEngineSync.ts';
import { ErrorsContext, useErrorsState } from './hooks/useErrors.ts';
import { JobStore, JobsContext } from './hooks/useJobs.ts';
import { QueryCacheContext, useQuery } from './hooks/useQuery.ts';
import { routeHref, useRoute, type Route } from './hooks/useRoute.ts';
import { WizardContext, stepLabels, type Wizard } from './hooks/useWizard.ts';
import { ConnectPage } from './pages/ConnectPage.tsx';
import { HistoryPage } from './pages/HistoryPage.tsx';
import { PullPage } from './pages/PullPage.tsx';
import { ReportsPage } from './pages/ReportsPage.tsx';
import { StepPage } from './pages/StepPage.tsx';
import { QueryCache } from './query/cache.ts';

export function App({ api }: { api: RendererApi }) {
  const errors = useErrorsState();
  const { report } = errors;
  const [store] = useState(() => new JobStore(api));
  const [cache] = useState(() => new QueryCache({ api, onError: report }));
  useEngineSync(api, cache, store);
  return (
    <ApiContext value={api}>
      <ErrorsContext value={errors}>
        <QueryCacheContext value={cache}>
          <JobsContext value={store}>
            <Shell />
          </JobsContext>
        </QueryCacheContext>
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

/** After a navigation (not on opening the app), focus goes to the new page's heading, so a screen reader reads it. */
function useFocusHeadingOnNavigate(key: string, main: RefObject<HTMLElement | null>): void {
  const first = useRef(true);
  useEffect(() => {
    if (first.current) {
      first.current = false;
      return;
    }
    main.current?.scrollTo({ top: 0 });
    main.current?.querySelector<HTMLElement>('h1')?.focus();
  }, [key, main]);
}

function Shell() {
  const route = useRoute();
  const key = routeHref(route);
  const wizardQuery = useQuery('wizard-status', {}, 'Wizard');
  const info = useQuery('app-info', {}, 'App info');
  const mainRef = useRef<HTMLElement>(null);
  const title = pageTitle(route);
  useEffect(() => {
    document.title = `${title} · Cutover`;
  }, [title]);
  useFocusHeadingOnNavigate(key, mainRef);

  const wizard: Wizard = useMemo(() => ({ steps: wizardQuery.data, loading: wizardQuery.loading }), [wizardQuery.data, wizardQuery.loading]);

  return (
    <WizardContext value={wizard}>
      <div className="app">
        <StepNav route={route} info={info.data} />
        <div className="content">
          <ErrorBanner />
          <JobBar />
          <JobAnnouncer />
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

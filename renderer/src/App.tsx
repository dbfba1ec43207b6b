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
import { PushPage } from './pages/PushPage.tsx';
import { ReportsPage } from './pages/ReportsPage.tsx';
import { PlanPage } from './pages/PlanPage.tsx';
import { CutoverPage } from './pages/CutoverPage.tsx';
import { VerifyPage } from './pages/VerifyPage.tsx';
import { LaunchReportPrint } from './pages/LaunchReportPrint.tsx';
import { ApprovePage } from './pages/ApprovePage.tsx';
import { DuplicatesPage } from './pages/DuplicatesPage.tsx';
import { PersonPage } from './pages/PersonPage.tsx';
import { ReviewPage } from './pages/ReviewPage.tsx';
import { Announcer } from './components/Announcer.tsx';
import { useUndoRedo } from './hooks/useDecide.ts';
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
  switch (route.page) {
    case 'history':
      return <HistoryPage />;
    case 'reports':
    case 'print':
      return <ReportsPage />;
    case 'duplicates':
      return <DuplicatesPage />;
    case 'person':
      return <PersonPage id={route.id} />;
    case 'step':
      if (route.step === 'connect') return <ConnectPage />;
      if (route.step === 'pull') return <PullPage />;
      if (route.step === 'review') return <ReviewPage view={route.queue} />;
      if (route.step === 'approve') return <ApprovePage />;
      if (route.step === 'push') return <PushPage />;
      if (route.step === 'plan') return <PlanPage />;
      if (route.step === 'cutover') return <CutoverPage />;
      return <VerifyPage />;
  }
}

function pageTitle(route: Route): string {
  switch (route.page) {
    case 'history':
      return 'History';
    case 'reports':
      return 'Reports';
    case 'print':
      return route.report === 'launch' ? 'Launch report' : 'Reports';
    case 'duplicates':
      return 'Duplicate review';
    case 'person':
      return 'Person';
    case 'step':
      return stepLabels[route.step];
  }
}

/** Ctrl+Z / Ctrl+Shift+Z (Cmd on a Mac) anywhere but in a text field undo and redo the last decision. */
function useUndoKeys(): void {
  const { undo, redo } = useUndoRedo();
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (!(e.ctrlKey || e.metaKey) || e.altKey || (e.key !== 'z' && e.key !== 'Z')) return;
      const t = e.target as HTMLElement | null;
      if (t && (t.tagName === 'INPUT' || t.tagName === 'TEXTAREA' || t.tagName === 'SELECT' || t.isContentEditable)) return;
      e.preventDefault();
      void (e.shiftKey ? redo() : undo());
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [undo, redo]);
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
  useUndoKeys();
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

  if (route.page === 'print') {
    // A report alone, as the desktop app prints it to PDF.
    return (
      <WizardContext value={wizard}>
        <main className="print-main">
          {route.report === 'launch' ? <LaunchReportPrint /> : <ReportsPage print />}
        </main>
      </WizardContext>
    );
  }

  return (
    <WizardContext value={wizard}>
      <div className="app">
        <StepNav route={route} info={info.data} />
        <div className="content">
          <ErrorBanner />
          <JobBar />
          <JobAnnouncer />
          <Announcer />
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

// Entry point. The access token is taken out of the URL before anything routes on the hash.
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { createApiClient, NoAccessError, type RendererApi } from './api/client.ts';
import { App } from './App.tsx';
import { MissingToken } from './components/MissingToken.tsx';
import './styles/index.css';

const rootElement = document.getElementById('root');
if (!rootElement) throw new Error('index.html has no #root');
const root = createRoot(rootElement);

let api: RendererApi | null = null;
try {
  api = createApiClient();
} catch (err) {
  if (!(err instanceof NoAccessError)) throw err;
}

root.render(<StrictMode>{api ? <App api={api} /> : <MissingToken />}</StrictMode>);

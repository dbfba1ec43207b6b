// The desktop shell's main process: one instance per workspace, the engine in a utility
// process, the renderer served from app:// (never file://), and a locked-down window whose
// only way to the engine is the validated `cutover:call` IPC channel.
import { existsSync, mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { app, BrowserWindow, dialog, ipcMain, Menu, protocol, safeStorage, session, utilityProcess, type IpcMainInvokeEvent, type WebContents } from 'electron';
import type { CallOutcome } from '../../shared/api/transport.ts';
import { serveAppRequest } from './app-protocol.ts';
import { CALL_CHANNEL, EVENT_CHANNEL, PICK_FILE_CHANNEL, PRINT_PDF_CHANNEL, SAVE_EXPORT_CHANNEL } from './channels.ts';
import { printReportToPdf, saveExport } from './save-and-print.ts';
import { createEngineLink, type EngineLink } from './engine-link.ts';
import type { Persistence, ToEngine } from './engine-protocol.ts';
import { createCallHandler, createPickFileHandler } from './ipc.ts';
import { buildMenu } from './menu.ts';
import { dataDirFromArgs, findAppRoot } from './options.ts';
import { createSecretVault, persistDecision, type SecretVault } from './secret-vault.ts';
import { hardenSession, hardenWebContents } from './security.ts';
import { APP_ENTRY_URL, APP_SCHEME, isAppUrl } from './trusted-url.ts';

const MAX_ENGINE_RESTARTS = 3;

// Before 'ready': the scheme's privileges, the sandbox for every renderer, and the paths.
protocol.registerSchemesAsPrivileged([{ scheme: APP_SCHEME, privileges: { standard: true, secure: true, supportFetchAPI: true } }]);
app.enableSandbox();

const dataDirArg = dataDirFromArgs(process.argv);
if (dataDirArg) {
  // Tests and scripted runs: a whole separate app, whose Chromium profile (and so the
  // single-instance lock) lives with the workspace.
  app.setPath('userData', join(resolve(dataDirArg), '.electron'));
} else {
  app.setPath('userData', join(app.getPath('appData'), 'Cutover'));
}
const dataDir = dataDirArg ? resolve(dataDirArg) : join(app.getPath('userData'), 'workspaces', 'default');
const appRoot = findAppRoot(app.getAppPath(), existsSync);
const rendererDir = join(appRoot, 'dist', 'renderer');
const electronDir = join(appRoot, 'dist', 'electron');

let mainWindow: BrowserWindow | null = null;
/** The hidden window printing a report to PDF, while it does: it reads the engine too. */
let printContents: WebContents | null = null;
let engine: EngineLink | null = null;
let engineRestarts = 0;
let engineStopped = false;
let keys: Promise<{ vault: SecretVault; persist: Persistence }> | null = null;
// Opened once, after 'ready' (safeStorage's backend is unknown before it).
const keyVault = () => (keys ??= openKeyVault());

if (!app.requestSingleInstanceLock()) {
  app.quit();
} else {
  app.on('second-instance', () => {
    if (!mainWindow) return;
    if (mainWindow.isMinimized()) mainWindow.restore();
    mainWindow.focus();
  });
  app.on('web-contents-created', (_event, contents) => hardenWebContents(contents));
  app
    .whenReady()
    .then(onReady)
    .catch((err: unknown) => {
      console.error('Cutover could not start:', err);
      app.exit(1);
    });
  // Ctrl+C in `npm start`, or a service manager: quit the normal way, closing the workspace.
  for (const signal of ['SIGINT', 'SIGTERM'] as const) process.on(signal, () => app.quit());
}

function onReady(): void {
  hardenSession(session.defaultSession);
  protocol.handle(APP_SCHEME, (request) => serveAppRequest(rendererDir, request));
  Menu.setApplicationMenu(buildMenu({ isPackaged: app.isPackaged, isMac: process.platform === 'darwin' }));

  // Private from the start (the key vault lives here too). If it cannot be made, the engine
  // says why, naming the folder, in the window.
  try {
    mkdirSync(dataDir, { recursive: true, mode: 0o700 });
  } catch {
    // Reported by the engine.
  }
  engine = startEngine();

  // Only the app's own window, on top of ipc.ts's main-frame/app-origin check.
  const isOurWindow = (event: IpcMainInvokeEvent) => mainWindow !== null && !mainWindow.isDestroyed() && event.sender === mainWindow.webContents;
  const handleCall = createCallHandler<IpcMainInvokeEvent>({
    // The app's window, or the hidden window printing a report while it does.
    isTrustedSender: (event) => isOurWindow(event) || (printContents !== null && event.sender === printContents),
    forward: (name, input) => engine?.call(name, input) ?? Promise.resolve(engineGone()),
  });
  ipcMain.handle(CALL_CHANNEL, (event, name: unknown, input: unknown) => handleCall(event, name, input));
  const handlePick = createPickFileHandler<IpcMainInvokeEvent>({
    isTrustedSender: isOurWindow,
    async showDialog() {
      const options = { title: 'Import a CSV export', properties: ['openFile' as const], filters: [{ name: 'CSV exports', extensions: ['csv'] }] };
      const picked = mainWindow ? await dialog.showOpenDialog(mainWindow, options) : await dialog.showOpenDialog(options);
      return picked.canceled ? null : (picked.filePaths[0] ?? null);
    },
    grant: (path) => engine?.grantFile(path) ?? Promise.resolve(engineGone()),
  });
  ipcMain.handle(PICK_FILE_CHANNEL, (event) => handlePick(event));
  // Only the app's window may save an export or print a report; it names an id or a route, never a path.
  const fromAppWindow = (event: IpcMainInvokeEvent) => isOurWindow(event) && isAppUrl(event.senderFrame?.url);
  ipcMain.handle(SAVE_EXPORT_CHANNEL, (event, exportId: unknown, fileName: unknown) => (fromAppWindow(event) ? saveExport(mainWindow!, dataDir, exportId, fileName) : null));
  ipcMain.handle(PRINT_PDF_CHANNEL, (event, route: unknown) =>
    fromAppWindow(event) ? printReportToPdf(mainWindow!, join(electronDir, 'preload.cjs'), route, (c) => (printContents = c)) : null,
  );

  createWindow();
  app.on('activate', () => {
    if (!mainWindow) createWindow();
  });
}

function engineGone(): CallOutcome {
  return { ok: false, error: { code: 'INTERNAL', message: 'The engine is not running.' } };
}

/** The workspace's key vault, kept with safeStorage where the OS keychain protects it (secret-vault.ts). */
async function openKeyVault(): Promise<{ vault: SecretVault; persist: Persistence }> {
  const persist = persistDecision({
    platform: process.platform,
    encryptionAvailable: await safeStorage.isAsyncEncryptionAvailable(),
    linuxBackend: process.platform === 'linux' ? safeStorage.getSelectedStorageBackend() : null,
  });
  if (!persist.ok) console.warn(`Cutover will not store source keys: ${persist.reason}`);
  const vault = createSecretVault({
    dir: dataDir,
    persist,
    cipher: {
      encrypt: (text) => safeStorage.encryptStringAsync(text),
      decrypt: async (data) => {
        const { result, shouldReEncrypt } = await safeStorage.decryptStringAsync(data);
        return { text: result, reEncrypt: shouldReEncrypt };
      },
    },
  });
  return { vault, persist };
}

/** The engine's first message: the stored keys (read again for each engine start). */
async function secretsInit(): Promise<ToEngine> {
  try {
    const { vault } = await keyVault();
    const loaded = await vault.load();
    if (loaded.problem) console.warn(loaded.problem);
    return { kind: 'secrets-init', secrets: loaded.secrets, persist: loaded.persist };
  } catch (err) {
    const reason = `The OS keychain could not be used (${err instanceof Error ? err.message : String(err)}); keys are kept in memory for this session only.`;
    console.warn(reason);
    return { kind: 'secrets-init', secrets: {}, persist: { ok: false, reason } };
  }
}

function startEngine(): EngineLink {
  const child = utilityProcess.fork(join(electronDir, 'engine-process.cjs'), ['--data-dir', dataDir], {
    serviceName: 'Cutover engine',
    stdio: 'inherit',
    // The bundled engine cannot use import.meta.url; it finds sql/ and package.json here.
    env: { ...process.env, CUTOVER_APP_ROOT: appRoot },
  });
  const link = createEngineLink(child, {
    firstMessage: secretsInit(),
    onSecretsSave: (secrets) => {
      void keyVault()
        .then(({ vault }) => vault.save(secrets))
        .catch((err: unknown) => console.error(`Cutover could not store the source keys: ${err instanceof Error ? err.message : String(err)}`));
    },
    onExit: (code, expected) => {
      if (expected || engineStopped) return;
      console.error(`The Cutover engine stopped (exit code ${code}).`);
      if (engineRestarts < MAX_ENGINE_RESTARTS) {
        engineRestarts++;
        engine = startEngine();
      }
    },
  });
  link.onEvent((event) => sendToWindow(event));
  return link;
}

/** Engine events go to the app window only, and only while it shows the app. */
function sendToWindow(event: unknown): void {
  const contents = mainWindow && !mainWindow.isDestroyed() ? mainWindow.webContents : null;
  if (!contents || contents.isDestroyed() || !isAppUrl(contents.getURL())) return;
  contents.send(EVENT_CHANNEL, event);
}

function createWindow(): void {
  const win = new BrowserWindow({
    width: 1280,
    height: 820,
    minWidth: 900,
    minHeight: 600,
    title: 'Cutover',
    show: false,
    backgroundColor: '#ffffff',
    webPreferences: {
      preload: join(electronDir, 'preload.cjs'),
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      webviewTag: false,
      spellcheck: false,
      navigateOnDragDrop: false,
      safeDialogs: true,
      devTools: !app.isPackaged,
    },
  });
  mainWindow = win;
  win.once('ready-to-show', () => win.show());
  win.on('closed', () => {
    if (mainWindow === win) mainWindow = null;
  });
  void win.loadURL(APP_ENTRY_URL);
}

app.on('window-all-closed', () => {
  if (process.platform !== 'darwin') app.quit();
});

// Close the workspace cleanly before the process goes: the engine checkpoints and releases it.
app.on('will-quit', (event) => {
  if (engineStopped || !engine || engine.exited) return;
  event.preventDefault();
  engineStopped = true;
  void engine.shutdown(10_000).finally(() => app.quit());
});

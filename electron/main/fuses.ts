// Electron fuses for packaged builds (security checklist item 19). Fuses are bits in the Electron
// binary itself, flipped by electron-builder while packaging (electron-builder.ts passes this
// object as `electronFuses`), so no environment variable or argument can turn them back on.
// Every fuse is decided here, including the ones left at Electron's default, so that a fuse
// added by a later Electron shows up as undecided in fuses.test.ts.
import type { Configuration } from 'electron-builder';

export type FuseOptions = NonNullable<Configuration['electronFuses']>;

export const ELECTRON_FUSES = {
  // ELECTRON_RUN_AS_NODE would make the app binary a plain Node runtime for anyone who can set
  // the environment. The engine runs in a utilityProcess, which does not need it.
  runAsNode: false,
  // Chromium's cookie store is encrypted with the OS key, as in Chrome.
  enableCookieEncryption: true,
  // NODE_OPTIONS / NODE_EXTRA_CA_CERTS could preload code or trust another CA.
  enableNodeOptionsEnvironmentVariable: false,
  // --inspect and SIGUSR1 would open a debugger into the main process.
  enableNodeCliInspectArguments: false,
  // The app's code is checked against the hash electron-builder embeds (macOS, Windows)...
  enableEmbeddedAsarIntegrityValidation: true,
  // ...and is only ever loaded from app.asar, never from a loose app/ folder beside it.
  onlyLoadAppFromAsar: true,
  // Electron's default; the app ships no custom V8 snapshot.
  loadBrowserProcessSpecificV8Snapshot: false,
  // The renderer is served from app://, never file://, so file: pages need no extra powers.
  grantFileProtocolExtraPrivileges: false,
} as const satisfies Required<Omit<FuseOptions, 'resetAdHocDarwinSignature'>>;

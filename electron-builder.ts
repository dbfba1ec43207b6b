// Packaging for the desktop app: `npm run build`, then `npx electron-builder` (add --linux,
// --mac or --win). Needs Node 22.12+ (as Electron and electron-builder's rebuild tooling
// declare) and a network: the Electron binary and headers are downloaded at packaging time.
// electron-builder takes the Electron version from the electron devDependency.
import type { Configuration } from 'electron-builder';
import { ELECTRON_FUSES } from './electron/main/fuses.ts';

const config: Configuration = {
  appId: 'ph.cutover.app',
  productName: 'Cutover',
  copyright: 'Copyright © Cutover',
  directories: { output: 'release' },
  files: [
    'dist/**',
    'sql/**',
    'package.json',
    '!dist/**/*.map',
    // Production node_modules are added by electron-builder itself; never ship Electron inside the app.
    '!**/node_modules/electron/**',
  ],
  asar: true,
  asarUnpack: [
    // Native modules cannot be loaded from inside the asar archive.
    '**/node_modules/better-sqlite3/**',
    '**/*.node',
  ],
  // Rebuild native modules (better-sqlite3) for Electron's Node ABI while packaging.
  npmRebuild: true,
  // Flipped in the packaged binary right before signing (see electron/main/fuses.ts).
  electronFuses: ELECTRON_FUSES,
  linux: {
    target: ['AppImage', 'deb'],
    // Becomes the .desktop file's Categories=Office;Finance;
    category: 'Office;Finance',
    synopsis: 'Reconcile payments and contacts, then cut production over safely.',
  },
  mac: { target: 'dmg', category: 'public.app-category.finance' },
  win: { target: 'nsis' },
  nsis: { oneClick: false, allowToChangeInstallationDirectory: true },
};

export default config;

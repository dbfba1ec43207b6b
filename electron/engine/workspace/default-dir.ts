// The default workspace folder, shared by every host, so the desktop app, `npm run web` and the
// CLI open the same workspace unless told otherwise. It matches Electron's userData folder for
// the product name "Cutover".
import { homedir } from 'node:os';
import { join } from 'node:path';

export function defaultDataDir(env: NodeJS.ProcessEnv = process.env, platform: NodeJS.Platform = process.platform): string {
  if (env.CUTOVER_DATA_DIR) return env.CUTOVER_DATA_DIR;
  const home = homedir();
  const base =
    platform === 'win32'
      ? (env.APPDATA ?? join(home, 'AppData', 'Roaming'))
      : platform === 'darwin'
        ? join(home, 'Library', 'Application Support')
        : (env.XDG_CONFIG_HOME ?? join(home, '.config'));
  return join(base, 'Cutover', 'workspaces', 'default');
}

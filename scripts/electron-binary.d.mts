/** The Electron binary's path, or null and why it is not there. */
export function findElectronBinary(): { path: string; reason: null } | { path: null; reason: string };

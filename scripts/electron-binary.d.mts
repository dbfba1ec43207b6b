export const DOWNLOADER_NODE: readonly [number, number];
type Found = { path: string; reason: null; canDownload: false } | { path: null; reason: string; canDownload: boolean };
/** The Electron binary's path, or null and why it is not there (never downloads). */
export function findElectronBinary(): Found;
/** Downloads the binary with the electron package's own installer, then looks again. */
export function downloadElectronBinary(): Found;

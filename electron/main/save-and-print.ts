// The desktop app's ways out for what a reviewer takes away: a finished CSV export (by its id,
// copied from the workspace's exports folder to where the save dialog says) and a report printed
// to PDF by Chromium itself (printToPDF) in a hidden window that shows the report's print route,
// once that page says its charts have drawn. The renderer names an export id or a report route,
// never a path.
import { copyFile } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { BrowserWindow, dialog, type WebContents } from 'electron';
import { writeFile } from 'node:fs/promises';
import { APP_ENTRY_URL } from './trusted-url.ts';
import { printReports } from '../../shared/api/transport.ts';

const EXPORT_ID = /^[0-9a-f-]{36}$/;
const PRINT_ROUTES: ReadonlySet<string> = new Set(printReports);
const READY_TIMEOUT_MS = 60_000;

export async function saveExport(parent: BrowserWindow, dataDir: string, exportId: unknown, fileName: unknown): Promise<string | null> {
  if (typeof exportId !== 'string' || !EXPORT_ID.test(exportId)) return null;
  const source = join(dataDir, 'exports', `${exportId}.csv`);
  if (!existsSync(source)) return null;
  const name = typeof fileName === 'string' ? fileName.replace(/[^\w .-]/g, '_').slice(0, 100) : 'export.csv';
  const { canceled, filePath } = await dialog.showSaveDialog(parent, { defaultPath: name, filters: [{ name: 'CSV', extensions: ['csv'] }] });
  if (canceled || !filePath) return null;
  await copyFile(source, filePath);
  return filePath;
}

/** Waits until the page sets data-print-ready on <html> (its charts drew and fonts loaded). */
async function whenReady(contents: WebContents): Promise<void> {
  const started = Date.now();
  for (;;) {
    const ready = (await contents.executeJavaScript('document.documentElement.dataset.printReady === "1"', true)) as boolean;
    if (ready) return;
    if (Date.now() - started > READY_TIMEOUT_MS) throw new Error('The report did not finish drawing.');
    await new Promise((r) => setTimeout(r, 100));
  }
}

export async function printReportToPdf(parent: BrowserWindow, preload: string, route: unknown, trustPrintWindow: (contents: WebContents | null) => void): Promise<string | null> {
  if (typeof route !== 'string' || !PRINT_ROUTES.has(route)) return null;
  const win = new BrowserWindow({
    show: false,
    width: 1123,
    height: 794,
    webPreferences: { preload, contextIsolation: true, sandbox: true, nodeIntegration: false, webSecurity: true, spellcheck: false },
  });
  trustPrintWindow(win.webContents);
  try {
    // No iframe (printToPDF of a frame loses pages): the print route is a page of its own.
    await win.loadURL(`${APP_ENTRY_URL}#/print/${route}`);
    await whenReady(win.webContents);
    const pdf = await win.webContents.printToPDF({ printBackground: true, landscape: true, pageSize: 'A4', generateTaggedPDF: true, preferCSSPageSize: true });
    const { canceled, filePath } = await dialog.showSaveDialog(parent, { defaultPath: `cutover-${route}.pdf`, filters: [{ name: 'PDF', extensions: ['pdf'] }] });
    if (canceled || !filePath) return null;
    await writeFile(filePath, pdf);
    return filePath;
  } finally {
    trustPrintWindow(null);
    win.destroy();
  }
}

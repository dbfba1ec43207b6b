// A minimal application menu: quit, the edit roles (so copy/paste work), reload and devtools
// only in development, and Help links through the external-link allow-list.
import { Menu, type MenuItemConstructorOptions } from 'electron';
import { openExternalIfAllowed } from './security.ts';
import { HELP_LINKS } from './trusted-url.ts';

export function buildMenu(opts: { isPackaged: boolean; isMac: boolean }): Menu {
  const template: MenuItemConstructorOptions[] = [];
  if (opts.isMac) template.push({ role: 'appMenu' });
  template.push({ label: 'File', submenu: [opts.isMac ? { role: 'close' } : { role: 'quit' }] });
  template.push({
    label: 'Edit',
    submenu: [{ role: 'undo' }, { role: 'redo' }, { type: 'separator' }, { role: 'cut' }, { role: 'copy' }, { role: 'paste' }, { role: 'selectAll' }],
  });
  if (!opts.isPackaged) {
    template.push({ label: 'View', submenu: [{ role: 'reload' }, { role: 'forceReload' }, { role: 'toggleDevTools' }] });
  }
  template.push({ role: 'help', submenu: HELP_LINKS.map(({ label, url }) => ({ label, click: () => openExternalIfAllowed(url) })) });
  return Menu.buildFromTemplate(template);
}

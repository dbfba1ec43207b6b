// The shell's security policy, applied to the session and to every web contents that exists
// (the app window, devtools, anything a bug might create). The decisions themselves live in
// trusted-url.ts, where they are tested.
import { shell, type Session, type WebContents } from 'electron';
import { externalUrlToOpen, isBlockedRequestUrl, navigationAction } from './trusted-url.ts';

/** Opens an allow-listed https link in the user's browser; anything else is ignored. */
export function openExternalIfAllowed(url: string): void {
  const target = externalUrlToOpen(url);
  if (target) void shell.openExternal(target);
}

/** No permission is ever granted, and no network or file request leaves the renderer. */
export function hardenSession(ses: Session): void {
  ses.setPermissionRequestHandler((_contents, _permission, callback) => callback(false));
  ses.setPermissionCheckHandler(() => false);
  ses.setDevicePermissionHandler(() => false);
  ses.setSpellCheckerEnabled(false);
  ses.webRequest.onBeforeRequest((details, callback) => callback({ cancel: isBlockedRequestUrl(details.url) }));
}

/** Navigation stays on app://; allow-listed docs open in the browser; no popups, no webviews. */
export function hardenWebContents(contents: WebContents): void {
  contents.on('will-attach-webview', (event) => event.preventDefault());
  contents.setWindowOpenHandler(({ url }) => {
    if (navigationAction(url) === 'open-external') openExternalIfAllowed(url);
    return { action: 'deny' };
  });
  // The main frame: a plain link click arrives here.
  contents.on('will-navigate', (event) => {
    const action = navigationAction(event.url);
    if (action === 'allow') return;
    event.preventDefault();
    if (action === 'open-external' && event.isMainFrame) openExternalIfAllowed(event.url);
  });
  // Subframes (the app has none) never leave the app origin.
  contents.on('will-frame-navigate', (event) => {
    if (!event.isMainFrame && navigationAction(event.url) !== 'allow') event.preventDefault();
  });
  // A redirect is not a click: it is never opened outside.
  contents.on('will-redirect', (event) => {
    if (navigationAction(event.url) !== 'allow') event.preventDefault();
  });
}

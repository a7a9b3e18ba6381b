import { app, session, shell, type WebContents } from 'electron';
import { isAppUrl } from './app/trust.ts';

/** Links the app may open in the user's browser (HMS wiki pages). Everything else is refused. */
const EXTERNAL_ALLOW = ['https://wiki.bambulab.com/', 'https://e.bambulab.com/'];

function openExternalIfAllowed(url: string): void {
  if (EXTERNAL_ALLOW.some((prefix) => url.startsWith(prefix))) void shell.openExternal(url);
}

/**
 * Applies to every web contents ever created: no navigation away from the app, no new windows
 * (allow-listed https links go to the system browser), no webviews, no permissions.
 */
export function applySecurityPolicy(): void {
  session.defaultSession.setPermissionRequestHandler((_wc, _permission, callback) =>
    callback(false),
  );
  session.defaultSession.setPermissionCheckHandler(() => false);
  app.on('web-contents-created', (_event, contents: WebContents) => {
    contents.on('will-navigate', (event, url) => {
      // Parsed protocol and host: `new URL('app://…').origin` is "null" for a custom scheme.
      if (!isAppUrl(url)) {
        event.preventDefault();
        openExternalIfAllowed(url);
      }
    });
    contents.on('will-attach-webview', (event) => event.preventDefault());
    contents.setWindowOpenHandler(({ url }) => {
      openExternalIfAllowed(url);
      return { action: 'deny' };
    });
  });
}

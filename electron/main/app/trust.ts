/** The renderer's origin: `app://farmdeck`, served from the built files, never from the network. */
export const APP_SCHEME = 'app';
export const APP_HOST = 'farmdeck';
export const APP_ORIGIN = `${APP_SCHEME}://${APP_HOST}`;

/**
 * True for a URL on the app's own origin. Compares the parsed protocol and host: the WHATWG `URL.origin`
 * of every non-special scheme (app:) is the string "null", so it can never be compared.
 */
export function isAppUrl(url: string): boolean {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return false;
  }
  return (
    parsed.protocol === `${APP_SCHEME}:` &&
    parsed.host === APP_HOST &&
    parsed.username === '' &&
    parsed.password === ''
  );
}

/** What the trust check reads of Electron's `WebFrameMain`. */
export interface SenderFrame {
  /** The frame's own origin, serialized by Chromium (RFC 6454): `app://farmdeck` for our page. */
  readonly origin: string;
  readonly url: string;
  /** Null for a top frame. */
  readonly parent: unknown;
}

/** What the trust check reads of an IPC event (`IpcMainEvent`, `IpcMainInvokeEvent`). */
export interface SenderEvent {
  readonly sender: { readonly id: number };
  /** Null when the frame has navigated or been destroyed since it sent. */
  readonly senderFrame: SenderFrame | null;
}

/** A web contents that can be trusted and forgotten. */
export interface TrustableContents {
  readonly id: number;
  once(event: 'destroyed', listener: () => void): unknown;
}

/** The app's own windows: the only senders allowed to control printers. */
export class TrustedContents {
  private readonly ids = new Set<number>();

  /** Trusts `contents` (a window of ours) until it is destroyed. */
  trust(contents: TrustableContents): void {
    this.ids.add(contents.id);
    contents.once('destroyed', () => this.ids.delete(contents.id));
  }

  list(): number[] {
    return [...this.ids];
  }

  /** Only a window of ours, from its top frame, whose own origin and URL are the app's. */
  isTrustedSender(event: SenderEvent): boolean {
    const frame = event.senderFrame;
    return (
      this.ids.has(event.sender.id) &&
      frame !== null &&
      frame.parent === null &&
      frame.origin === APP_ORIGIN &&
      isAppUrl(frame.url)
    );
  }
}

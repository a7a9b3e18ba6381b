import { describe, expect, it } from 'vitest';
import { APP_ORIGIN, TrustedContents, isAppUrl, type SenderFrame } from './trust.ts';

// Frames as Electron's WebFrameMain describes them: `origin` is Chromium's serialization of the frame's
// own origin (`app://farmdeck` for a standard privileged scheme), `parent` is null for a top frame.
const top = (url: string, origin: string): SenderFrame => ({ url, origin, parent: null });

function trustedWindow() {
  const trusted = new TrustedContents();
  let destroy = () => {};
  trusted.trust({
    id: 7,
    once: (_event, listener) => {
      destroy = listener;
    },
  });
  return { trusted, destroy: () => destroy() };
}

describe('the IPC trust check', () => {
  it('is not fooled by the WHATWG origin of a custom scheme (the bug it replaces)', () => {
    expect(new URL('app://farmdeck/index.html').origin).toBe('null');
    expect(isAppUrl('app://farmdeck/index.html')).toBe(true);
  });

  it("accepts the app's own window, top frame, on the app's origin", () => {
    const { trusted } = trustedWindow();
    const frame = top('app://farmdeck/index.html', APP_ORIGIN);
    expect(trusted.isTrustedSender({ sender: { id: 7 }, senderFrame: frame })).toBe(true);
  });

  it('refuses a subframe of our window, even on our origin', () => {
    const { trusted } = trustedWindow();
    const parent = top('app://farmdeck/index.html', APP_ORIGIN);
    const sub: SenderFrame = { url: 'app://farmdeck/x.html', origin: APP_ORIGIN, parent };
    expect(trusted.isTrustedSender({ sender: { id: 7 }, senderFrame: sub })).toBe(false);
  });

  it('refuses another scheme, app://other, a look-alike and an opaque origin', () => {
    const { trusted } = trustedWindow();
    const frames = [
      top('https://farmdeck/index.html', 'https://farmdeck'),
      top('file:///opt/farmdeck/index.html', 'null'),
      top('app://other/index.html', 'app://other'),
      top('app://farmdeck.evil/index.html', 'app://farmdeck.evil'),
      top('app://user@farmdeck/index.html', APP_ORIGIN),
      // A navigated frame whose origin no longer matches its URL (about:blank child, sandboxed page).
      top('app://farmdeck/index.html', 'null'),
      top('about:blank', APP_ORIGIN),
    ];
    for (const senderFrame of frames) {
      expect(trusted.isTrustedSender({ sender: { id: 7 }, senderFrame })).toBe(false);
    }
  });

  it('refuses another web contents, a destroyed frame and a window after it is destroyed', () => {
    const { trusted, destroy } = trustedWindow();
    const frame = top('app://farmdeck/index.html', APP_ORIGIN);
    expect(trusted.isTrustedSender({ sender: { id: 8 }, senderFrame: frame })).toBe(false);
    expect(trusted.isTrustedSender({ sender: { id: 7 }, senderFrame: null })).toBe(false);
    destroy();
    expect(trusted.isTrustedSender({ sender: { id: 7 }, senderFrame: frame })).toBe(false);
  });

  it('navigation stays on app://farmdeck only', () => {
    expect(isAppUrl('app://farmdeck/settings')).toBe(true);
    expect(isAppUrl('app://other/')).toBe(false);
    expect(isAppUrl('https://wiki.bambulab.com/')).toBe(false);
    expect(isAppUrl('not a url')).toBe(false);
  });
});

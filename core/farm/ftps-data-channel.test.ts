import { describe, expect, it } from 'vitest';
import type { FtpsConnectOptions } from '../ftps/ftps-options.ts';
import { DataChannelDecisions } from './ftps-data-channel.ts';

const base: FtpsConnectOptions = {
  host: '127.0.0.1',
  accessCode: '12345678',
  dataChannel: 'auto',
  connectTimeoutMs: 60_000,
  dataTimeoutMs: 60_000,
};

describe('DataChannelDecisions', () => {
  it('lets the second session wait for the first one: clear after its fallback', async () => {
    const d = new DataChannelDecisions();
    let remembered = 0;
    const first = await d.prepare('a1', { ...base, onDataChannelFallback: () => remembered++ });
    let second: FtpsConnectOptions | null = null;
    const waiting = d.prepare('a1', base).then((o) => (second = o));
    await new Promise((r) => setTimeout(r, 20));
    expect(second).toBeNull();
    first.onDataChannelFallback?.();
    await waiting;
    expect(second).toMatchObject({ dataChannel: 'clear' });
    expect(remembered).toBe(1);
    expect((await d.prepare('a1', base)).dataChannel).toBe('clear');
  });

  it('releases the others at once when the encrypted channel worked; other printers never wait', async () => {
    const d = new DataChannelDecisions();
    const first = await d.prepare('a1', base);
    expect((await d.prepare('other', base)).dataChannel).toBe('auto');
    expect((await d.prepare('a1', { ...base, dataChannel: 'private' })).dataChannel).toBe(
      'private',
    );
    const waiting = d.prepare('a1', base);
    first.onDataChannelWorked?.();
    expect((await waiting).dataChannel).toBe('auto');
    d.forget('a1');
    d.forget('other');
  });
});

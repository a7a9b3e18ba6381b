import { describe, expect, it } from 'vitest';
import {
  isLiveviewDisabled,
  liveviewDisabledError,
  rtspUrlWithCredentials,
  rtspUrlWithoutCredentials,
} from './rtsp-url.ts';

describe('RTSP URLs', () => {
  it('builds the printer URL with and without credentials', () => {
    expect(rtspUrlWithCredentials('192.168.1.20', '12345678')).toBe(
      'rtsps://bblp:12345678@192.168.1.20:322/streaming/live/1',
    );
    expect(rtspUrlWithoutCredentials('fe80::1', 8322)).toBe(
      'rtsps://[fe80::1]:8322/streaming/live/1',
    );
    expect(rtspUrlWithCredentials('h', 'a@b:c')).toBe(
      'rtsps://bblp:a%40b%3Ac@h:322/streaming/live/1',
    );
  });

  it('detects live view switched off and says where to switch it on', () => {
    expect(isLiveviewDisabled('disable')).toBe(true);
    expect(isLiveviewDisabled('rtsps://192.168.1.20/streaming/live/1')).toBe(false);
    expect(isLiveviewDisabled(null)).toBe(false);
    const err = liveviewDisabledError({ host: '10.0.0.5', serial: '0948AB000000001' });
    expect(err.code).toBe('liveview-disabled');
    expect(err.message).toMatch(/0948AB000000001.*LAN Mode Liveview/);
  });
});

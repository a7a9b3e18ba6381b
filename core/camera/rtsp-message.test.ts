import { describe, expect, it } from 'vitest';
import {
  authorizationFor,
  header,
  parseChallenge,
  type RtspMessage,
  RtspStreamParser,
  serialize,
} from './rtsp-message.ts';

describe('authorizationFor', () => {
  it('computes the RFC 2617 Digest example response', () => {
    const value = authorizationFor(
      'Digest realm="testrealm@host.com", qop="auth,auth-int", nonce="dcd98b7102dd2f0e8b11d0f600bfb0c093", opaque="5ccc069c403ebaf9f0171e9517f40e41"',
      {
        method: 'GET',
        uri: '/dir/index.html',
        user: 'Mufasa',
        password: 'Circle Of Life',
        nc: 1,
        cnonce: '0a4f113b',
      },
    );
    expect(value).toContain('response="6629fae49393a05397450978507c4ef1"');
    expect(value).toContain('opaque="5ccc069c403ebaf9f0171e9517f40e41"');
    expect(value).toContain('nc=00000001');
  });

  it('answers Basic challenges with base64 user:password', () => {
    expect(
      authorizationFor('Basic realm="x"', {
        method: 'DESCRIBE',
        uri: 'u',
        user: 'bblp',
        password: 'pw',
      }),
    ).toBe(`Basic ${Buffer.from('bblp:pw').toString('base64')}`);
  });

  it('parses challenge parameters, quoted or not', () => {
    expect(parseChallenge('Digest realm="a b", nonce=abc, stale=FALSE')).toEqual({
      scheme: 'Digest',
      params: { realm: 'a b', nonce: 'abc', stale: 'FALSE' },
    });
  });
});

describe('RtspStreamParser', () => {
  it('separates responses with bodies from interleaved binary data split across chunks', () => {
    const messages: RtspMessage[] = [];
    const binary: Buffer[] = [];
    const parser = new RtspStreamParser(
      (m) => messages.push(m),
      (b) => binary.push(Buffer.from(b)),
    );
    const sdp = 'v=0\r\nm=video 0 RTP/AVP 96\r\n';
    const response = `RTSP/1.0 200 OK\r\nCSeq: 2\r\nContent-Length: ${sdp.length}\r\n\r\n${sdp}`;
    const rtp = Buffer.concat([Buffer.from([0x24, 0, 0, 5]), Buffer.from('hello')]);
    const stream = Buffer.concat([
      Buffer.from(response),
      rtp,
      Buffer.from('RTSP/1.0 200 OK\r\nCSeq: 3\r\n\r\n'),
    ]);
    for (let i = 0; i < stream.length; i += 3) parser.push(stream.subarray(i, i + 3));
    expect(messages.map((m) => header(m, 'cseq'))).toEqual(['2', '3']);
    expect(messages[0]?.body.toString()).toBe(sdp);
    expect(Buffer.concat(binary)).toEqual(rtp);
  });

  it('refuses an endless head instead of buffering it', () => {
    const parser = new RtspStreamParser(
      () => {},
      () => {},
    );
    expect(() => parser.push(Buffer.alloc(70 * 1024, 0x41))).toThrow(RangeError);
  });

  it('serialises with a consistent Content-Length', () => {
    const out = serialize({
      startLine: 'RTSP/1.0 200 OK',
      headers: [['Content-Length', '999']],
      body: Buffer.from('abc'),
    });
    expect(out.toString()).toBe('RTSP/1.0 200 OK\r\nContent-Length: 3\r\n\r\nabc');
  });
});

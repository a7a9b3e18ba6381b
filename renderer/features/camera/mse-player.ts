import { mimeFromInit } from './mp4-codec.ts';

/** Plays the hub's fragmented MP4 in a `<video>` through Media Source Extensions (no re-encoding). */
export interface MsePlayer {
  push(kind: 'mp4-init' | 'mp4-fragment', data: Uint8Array<ArrayBuffer>): void;
  dispose(): void;
}

/** Seconds of video kept behind the live edge; older data is removed so memory stays flat. */
const KEEP_SECONDS = 10;
/** Jump to the live edge when playback falls further behind than this, seconds. */
const MAX_LAG_SECONDS = 1.5;

/**
 * `sequence` mode places each appended fragment right after the previous one, so fragments a slow
 * viewer skipped (each starts at a key frame) leave no gap. Latest frame wins: one append running,
 * one fragment waiting; an init segment is never dropped. `onUnsupported` is called once when the
 * browser cannot play the stream (codec, or a policy forbidding blob: media), with the reason.
 */
export function createMsePlayer(
  video: HTMLVideoElement,
  onDrawn: () => void,
  onUnsupported: (reason: string) => void,
): MsePlayer {
  let source: MediaSource | null = null;
  let buffer: SourceBuffer | null = null;
  let mime: string | null = null;
  let pendingInit: Uint8Array<ArrayBuffer> | null = null;
  let pendingFragment: Uint8Array<ArrayBuffer> | null = null;
  let objectUrl: string | null = null;
  let failed = false;

  const fail = (reason: string) => {
    if (failed) return;
    failed = true;
    onUnsupported(reason);
  };
  video.onerror = () => fail('the browser refused the camera video');

  const trimOrJump = (sb: SourceBuffer): boolean => {
    const ranges = sb.buffered;
    if (ranges.length === 0) return false;
    const start = ranges.start(0);
    const end = ranges.end(ranges.length - 1);
    if (video.currentTime < end - MAX_LAG_SECONDS) video.currentTime = Math.max(start, end - 0.2);
    if (end - start > KEEP_SECONDS * 2 && video.currentTime > start + KEEP_SECONDS) {
      sb.remove(start, Math.min(video.currentTime - 1, end - KEEP_SECONDS));
      return true;
    }
    return false;
  };

  const pump = () => {
    const sb = buffer;
    if (!sb || sb.updating || failed) return;
    const init = pendingInit;
    const fragment = init ? null : pendingFragment;
    if (init) pendingInit = null;
    else pendingFragment = null;
    const next = init ?? fragment;
    if (!next) {
      trimOrJump(sb);
      return;
    }
    try {
      sb.appendBuffer(next);
      if (fragment) onDrawn();
    } catch (err) {
      // QuotaExceeded: drop what is buffered and carry on from the next key frame.
      if ((err as DOMException).name === 'QuotaExceededError' && sb.buffered.length > 0) {
        sb.remove(0, sb.buffered.end(sb.buffered.length - 1));
      } else fail(`the camera video could not be decoded: ${(err as Error).message}`);
    }
  };

  const start = (type: string) => {
    const ms = new MediaSource();
    source = ms;
    objectUrl = URL.createObjectURL(ms);
    ms.addEventListener(
      'sourceopen',
      () => {
        if (objectUrl) URL.revokeObjectURL(objectUrl);
        objectUrl = null;
        try {
          const sb = ms.addSourceBuffer(type);
          sb.mode = 'sequence';
          sb.addEventListener('updateend', pump);
          buffer = sb;
          void video.play().catch(() => undefined);
          pump();
        } catch (err) {
          fail(`the camera video could not start: ${(err as Error).message}`);
        }
      },
      { once: true },
    );
    video.src = objectUrl;
  };

  return {
    push(kind, data) {
      if (failed) return;
      if (kind === 'mp4-init') {
        const type = mimeFromInit(data);
        if (!type) return fail('the camera sent video that is not H.264');
        if (typeof MediaSource === 'undefined' || !MediaSource.isTypeSupported(type)) {
          return fail(`this browser cannot play ${type.split('"')[1] ?? 'this'} video`);
        }
        pendingInit = data;
        pendingFragment = null;
        if (!source) start(type);
        else if (type !== mime && buffer) buffer.changeType(type);
        mime = type;
      } else if (mime) {
        pendingFragment = data;
      }
      pump();
    },
    dispose() {
      failed = true;
      pendingInit = null;
      pendingFragment = null;
      video.onerror = null;
      if (objectUrl) URL.revokeObjectURL(objectUrl);
      if (source?.readyState === 'open') {
        try {
          source.endOfStream();
        } catch {
          // Already ending: nothing to release.
        }
      }
      video.removeAttribute('src');
      video.load();
      source = null;
      buffer = null;
    },
  };
}

import { readFile } from 'node:fs/promises';
import WebSocket from 'ws';
import type { PrinterPatchBatch, PrinterView } from '../../shared/contract/farm-schemas.ts';
import { UPLOAD_PATH } from '../../shared/contract/print-contract.ts';
import type { StagedFile } from '../../shared/contract/print-schemas.ts';
import type { Result } from '../../shared/contract/result.ts';
import type { WsServerFrame } from '../../shared/contract/ws-frames.ts';

/**
 * Talks to a headless host as the browser UI does: the contract over its WebSocket (requests,
 * printer batches, events) and the upload route. Keeps the latest PrinterView of every printer.
 */
export class HostClient {
  readonly printers = new Map<string, PrinterView>();
  private nextId = 1;
  private readonly pending = new Map<number, (result: Result<unknown>) => void>();
  private readonly eventListeners = new Set<(channel: string, payload: unknown) => void>();

  private constructor(
    readonly url: string,
    private readonly ws: WebSocket,
  ) {
    ws.on('message', (data: Buffer) => this.onFrame(JSON.parse(data.toString()) as WsServerFrame));
    ws.on('close', () => {
      for (const resolve of this.pending.values()) {
        resolve({ ok: false, error: { code: 'disconnected', message: 'the host went away' } });
      }
      this.pending.clear();
    });
  }

  static async connect(url: string): Promise<HostClient> {
    const ws = new WebSocket(`${url.replace(/^http/, 'ws')}/ws`, { headers: { Origin: url } });
    await new Promise<void>((resolve, reject) => {
      ws.once('open', () => resolve());
      ws.once('unexpected-response', (_req, res) =>
        reject(new Error(`WebSocket refused: ${res.statusCode}`)),
      );
      ws.once('error', reject);
    });
    ws.on('error', () => undefined);
    const client = new HostClient(url, ws);
    const snapshot = await client.call<{ printers: PrinterView[] }>('farm:get-snapshot');
    for (const p of snapshot.printers) client.printers.set(p.id, p);
    return client;
  }

  /** A request's value; throws with the host's message when it answers with an error. */
  async call<T>(channel: string, ...args: unknown[]): Promise<T> {
    const result = await this.request(channel, ...args);
    if (!result.ok) throw new Error(`${channel}: ${result.error.code}: ${result.error.message}`);
    return result.value as T;
  }

  /** A request's Result as the host sent it. */
  request(channel: string, ...args: unknown[]): Promise<Result<unknown>> {
    const id = this.nextId++;
    return new Promise((resolve) => {
      if (this.ws.readyState !== WebSocket.OPEN) {
        resolve({ ok: false, error: { code: 'disconnected', message: 'not connected' } });
        return;
      }
      this.pending.set(id, resolve);
      this.ws.send(JSON.stringify({ id, channel, args }));
    });
  }

  /** Every event but printer batches (those update `printers`). */
  onEvent(listener: (channel: string, payload: unknown) => void): () => void {
    this.eventListeners.add(listener);
    return () => this.eventListeners.delete(listener);
  }

  /** Stages a file through the upload route, as a drop in the browser does. */
  async upload(path: string, name: string): Promise<StagedFile> {
    const body = await readFile(path);
    const res = await fetch(`${this.url}${UPLOAD_PATH}?name=${encodeURIComponent(name)}`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/octet-stream', Origin: this.url },
      body,
    });
    const result = (await res.json()) as Result<StagedFile>;
    if (!result.ok) throw new Error(`upload: ${result.error.code}: ${result.error.message}`);
    return result.value;
  }

  close(): void {
    this.ws.terminate();
  }

  private onFrame(frame: WsServerFrame): void {
    if (frame.type === 'reply') {
      this.pending.get(frame.id)?.(frame.result);
      this.pending.delete(frame.id);
      return;
    }
    if (frame.channel === 'printers:patched') {
      for (const view of (frame.payload as PrinterPatchBatch).printers) {
        this.printers.set(view.id, view);
      }
      return;
    }
    for (const listener of this.eventListeners) listener(frame.channel, frame.payload);
  }
}

import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { TLSSocket } from 'node:tls';
import { posix } from 'node:path';
import { pipeline, Transform } from 'node:stream';
import { Client } from 'basic-ftp';
import { FtpsError, toFtpsError } from './ftps-error.ts';
import { passiveClearToControlHost, passiveToControlHost } from './passive-transfer.ts';
import { checkRemoteName } from './remote-name.ts';
import {
  FTPS_PORT,
  tlsOptions,
  type FtpsConnectOptions,
  type RemoteEntry,
  type UploadOptions,
  type UploadResult,
} from './ftps-options.ts';
import { ProgressMeter } from './upload-progress.ts';

export { FTPS_PORT } from './ftps-options.ts';
export type {
  DataChannelMode,
  FtpsConnectOptions,
  RemoteEntry,
  UploadOptions,
  UploadResult,
} from './ftps-options.ts';

/**
 * An FTPS session with one printer: implicit TLS 1.2, user `bblp`, passive data connections
 * to the control host resuming the control TLS session (or clear ones, `PROT C`, for A1 firmware
 * that hangs on an encrypted data channel). One operation at a time (printers serve one transfer
 * at a time anyway). Reconnects by itself after a cancelled upload.
 */
export class FtpsClient {
  private client: Client;
  private readonly who: string;
  private clear: boolean;
  /** Whether the current transfer's data connection is ready (TLS done under `PROT P`). */
  private dataReady = false;

  private constructor(private readonly opts: FtpsConnectOptions) {
    this.clear = opts.dataChannel === 'clear';
    this.client = this.newClient();
    this.who = opts.serial ? `printer ${opts.serial} at ${opts.host}` : `printer at ${opts.host}`;
  }

  /** The data channel in use now: `private` (`PROT P`) or `clear` (`PROT C`). */
  get dataChannel(): 'private' | 'clear' {
    return this.clear ? 'clear' : 'private';
  }

  /** Connects and logs in; throws FtpsError (`auth-failed`, `unreachable`, `tls-untrusted`, …). */
  static async connect(opts: FtpsConnectOptions): Promise<FtpsClient> {
    const c = new FtpsClient(opts);
    await c.open();
    return c;
  }

  private newClient(): Client {
    const client = new Client(this.opts.replyTimeoutMs ?? 90_000);
    const strategy = this.clear ? passiveClearToControlHost : passiveToControlHost;
    client.prepareTransfer = async (ftp) => {
      this.dataReady = false;
      const res = await strategy(ftp);
      const socket = ftp.dataSocket;
      if (socket instanceof TLSSocket) {
        socket.once('secureConnect', () => {
          this.dataReady = true;
        });
      } else {
        this.dataReady = true;
      }
      return res;
    };
    return client;
  }

  private async open(): Promise<void> {
    const { host, port = FTPS_PORT, accessCode } = this.opts;
    const client = this.client;
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => {
        client.close();
        reject(
          new FtpsError(
            'unreachable',
            `no FTPS answer from ${this.who} within ${Math.round((this.opts.connectTimeoutMs ?? 15_000) / 1000)} s: check that it is on, on the network, and that port ${port} is reachable`,
          ),
        );
      }, this.opts.connectTimeoutMs ?? 15_000);
    });
    const steps = (async () => {
      await client.connectImplicitTLS(host, port, tlsOptions(this.opts));
      await client.login('bblp', accessCode);
      await client.useDefaultSettings();
      if (this.clear) await client.send('PROT C');
    })();
    steps.catch(() => undefined);
    try {
      await Promise.race([steps, timeout]);
    } catch (err) {
      client.close();
      throw toFtpsError(err, this.who, 'connecting', this.port);
    } finally {
      clearTimeout(timer);
    }
  }

  private async run<T>(what: string, fn: (c: Client) => Promise<T>): Promise<T> {
    if (this.client.closed) {
      this.client = this.newClient();
      await this.open();
    }
    try {
      return await fn(this.client);
    } catch (err) {
      throw toFtpsError(err, this.who, what, this.port);
    }
  }

  /** Lists a directory (default `/`, the storage root). */
  async list(dir = '/'): Promise<RemoteEntry[]> {
    const items = await this.withFallback(() => this.listOnce(dir));
    return items
      .filter((i) => i.name !== '.' && i.name !== '..')
      .map((i) => ({
        name: i.name,
        size: i.size,
        isDirectory: i.isDirectory,
        modified: i.rawModifiedAt,
      }));
  }

  private async listOnce(dir: string) {
    const what = `listing ${dir}`;
    try {
      return await this.run(what, async (c) => {
        // A listing is small: a data channel that stays silent this long hangs. basic-ftp reads
        // `timeout` when a task starts; its type is readonly.
        const ftp = c.ftp as { timeout: number };
        if (this.mayFallBack) ftp.timeout = this.dataTimeoutMs;
        try {
          return await c.list(dir);
        } finally {
          ftp.timeout = this.opts.replyTimeoutMs ?? 90_000;
        }
      });
    } catch (err) {
      if (err instanceof FtpsError && err.code === 'timeout' && !this.clear) {
        throw new FtpsError('timeout', `the data channel of ${this.who} hung while ${what}`, {
          cause: err,
          dataChannel: true,
        });
      }
      throw err;
    }
  }

  /** True while `auto` may still switch to a clear data channel. */
  private get mayFallBack(): boolean {
    return this.opts.dataChannel === 'auto' && !this.clear;
  }

  private get port(): number {
    return this.opts.port ?? FTPS_PORT;
  }

  private get dataTimeoutMs(): number {
    return this.opts.dataTimeoutMs ?? 30_000;
  }

  /**
   * Runs `op`; with `dataChannel: 'auto'`, a hanging encrypted data channel makes the client
   * reconnect with `PROT C` and run `op` once more (A1 firmware, ftps.md §1.2).
   */
  private async withFallback<T>(op: () => Promise<T>): Promise<T> {
    try {
      const result = await op();
      if (this.mayFallBack) this.opts.onDataChannelWorked?.();
      return result;
    } catch (err) {
      const hung = err instanceof FtpsError && err.dataChannel;
      if (!hung || !this.mayFallBack) throw err;
      this.client.close();
      this.clear = true;
      this.client = this.newClient();
      this.opts.onDataChannelFallback?.();
      return op();
    }
  }

  /** Size of a remote file in bytes, or null when it does not exist. */
  async size(path: string): Promise<number | null> {
    try {
      return await this.run(`checking ${path}`, (c) => c.size(path));
    } catch (err) {
      if (err instanceof FtpsError && err.code === 'not-found') return null;
      throw err;
    }
  }

  /** Deletes a file; with `ignoreMissing`, a missing file is not an error. */
  async remove(path: string, opts: { ignoreMissing?: boolean } = {}): Promise<void> {
    try {
      await this.run(`deleting ${path}`, (c) => c.remove(path));
    } catch (err) {
      if (opts.ignoreMissing && err instanceof FtpsError && err.code === 'not-found') return;
      throw err;
    }
  }

  /** Renames (moves) a file; an existing `to` is replaced. */
  async rename(from: string, to: string): Promise<void> {
    checkRemoteName(posix.basename(to));
    try {
      await this.run(`renaming ${from}`, (c) => c.rename(from, to));
    } catch (err) {
      if (!(err instanceof FtpsError) || err.code === 'unreachable') throw err;
      // Some servers refuse to rename over an existing file: replace it explicitly.
      await this.remove(to, { ignoreMissing: true });
      await this.run(`renaming ${from}`, (c) => c.rename(from, to));
    }
  }

  /**
   * Uploads `localPath` to `remotePath` (absolute, e.g. `/cube.gcode.3mf`). The bytes go
   * straight to the final name, as Bambu's plugin and every working client do (rename is
   * unreliable on printers, quirks.md); `SIZE` must then equal the local size. A failed
   * transfer, a failed check or a cancel deletes the file, so no half file stays under the real
   * name. With `dataChannel: 'auto'`, a hanging encrypted data channel is retried with `PROT C`.
   */
  async upload(
    localPath: string,
    remotePath: string,
    opts: UploadOptions = {},
  ): Promise<UploadResult> {
    const name = posix.basename(remotePath);
    checkRemoteName(name);
    const dir = posix.dirname(remotePath.startsWith('/') ? remotePath : `/${remotePath}`);
    const finalPath = posix.join(dir, name);
    const total = (await stat(localPath)).size;
    return this.withFallback(() => this.uploadOnce(localPath, finalPath, total, opts));
  }

  private async uploadOnce(
    localPath: string,
    finalPath: string,
    total: number,
    opts: UploadOptions,
  ): Promise<UploadResult> {
    const name = posix.basename(finalPath);
    const timeoutMs = opts.timeoutMs ?? Math.max(600_000, (total / 25_000) * 1000);
    const meter = new ProgressMeter(total);
    const started = Date.now();
    let sent = 0;
    let lastReport = 0;
    const report = (force: boolean): void => {
      const now = Date.now();
      if (!opts.onProgress || (!force && now - lastReport < (opts.progressIntervalMs ?? 250)))
        return;
      lastReport = now;
      opts.onProgress(meter.update(sent));
    };
    if (opts.signal?.aborted) throw this.cancelled(name);
    this.dataReady = false;

    const file = createReadStream(localPath, { highWaterMark: 256 * 1024 });
    // Counts bytes as the data socket pulls them (a 'data' listener would start the flow early).
    const source = new Transform({
      transform(chunk: Buffer, _enc, done) {
        sent += chunk.length;
        report(false);
        done(null, chunk);
      },
    });
    pipeline(file, source, () => undefined);
    let stopReason: FtpsError | undefined;
    const timers: NodeJS.Timeout[] = [];
    let onAbort: (() => void) | undefined;
    const stopped = new Promise<never>((_, reject) => {
      const stop = (err: FtpsError): void => {
        stopReason = err;
        this.client.close();
        source.destroy();
        reject(err);
      };
      onAbort = () => stop(this.cancelled(name));
      opts.signal?.addEventListener('abort', onAbort, { once: true });
      timers.push(
        setTimeout(
          () =>
            stop(
              new FtpsError(
                'timeout',
                `uploading ${name} to ${this.who} took longer than ${Math.round(timeoutMs / 1000)} s: check the Wi-Fi signal of the printer, or raise the timeout`,
              ),
            ),
          timeoutMs,
        ),
        setTimeout(() => {
          if (this.dataReady) return;
          stop(
            new FtpsError(
              'timeout',
              `the ${this.clear ? 'clear' : 'encrypted'} data channel of ${this.who} did not carry ${name} within ${Math.round(this.dataTimeoutMs / 1000)} s: check the network; A1 printers may need a clear data channel`,
              { dataChannel: !this.clear },
            ),
          );
        }, this.dataTimeoutMs),
      );
    });
    try {
      const transfer = this.run(`uploading ${name}`, (c) => c.uploadFrom(source, finalPath));
      transfer.catch(() => undefined);
      try {
        await Promise.race([transfer, stopped]);
      } catch (err) {
        // P2S reports 426 although the whole file arrived: trust SIZE then (ftps.md §1.2).
        if (stopReason || !(err instanceof FtpsError) || err.ftpCode !== 426) throw err;
      }
      for (const t of timers) clearTimeout(t);
      const remoteSize = await this.size(finalPath);
      if (remoteSize !== total) {
        throw new FtpsError(
          'incomplete',
          `the upload of ${name} to ${this.who} is incomplete (${remoteSize ?? 0} of ${total} bytes arrived): retry; if it keeps failing, check the storage card`,
        );
      }
      sent = total;
      report(true);
      const seconds = (Date.now() - started) / 1000;
      return {
        remotePath: finalPath,
        dataChannel: this.dataChannel,
        bytes: total,
        seconds,
        bytesPerSecond: seconds > 0 ? total / seconds : total,
      };
    } catch (err) {
      source.destroy();
      let failure = stopReason ?? toFtpsError(err, this.who, `uploading ${name}`, this.port);
      if (!stopReason && failure.code === 'timeout' && !this.clear) {
        // No final reply under PROT P: the other face of the A1 data-channel hang.
        failure = new FtpsError(failure.code, failure.message, { cause: err, dataChannel: true });
      }
      if (await this.discard(finalPath)) throw failure;
      throw new FtpsError(
        failure.code,
        `${failure.message} (a partial ${name} may remain on the printer: delete it from the printer's files before printing it)`,
        {
          cause: failure,
          dataChannel: failure.dataChannel,
          ...(failure.ftpCode === null ? {} : { ftpCode: failure.ftpCode }),
        },
      );
    } finally {
      for (const t of timers) clearTimeout(t);
      if (onAbort) opts.signal?.removeEventListener('abort', onAbort);
    }
  }

  private cancelled(name: string): FtpsError {
    return new FtpsError('cancelled', `the upload of ${name} to ${this.who} was cancelled`);
  }

  /**
   * Deletes what a failed upload left under its name, reconnecting if the transfer closed the
   * session; false when the printer could not be asked (it is gone or refuses).
   */
  private async discard(path: string): Promise<boolean> {
    try {
      await this.remove(path, { ignoreMissing: true });
      return true;
    } catch {
      return false;
    }
  }

  /** Closes the session (sends nothing more). */
  close(): void {
    this.client.close();
  }
}

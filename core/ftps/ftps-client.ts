import { randomBytes } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { posix } from 'node:path';
import { pipeline, Transform } from 'node:stream';
import { Client } from 'basic-ftp';
import { FtpsError, toFtpsError } from './ftps-error.ts';
import { passiveToControlHost } from './passive-transfer.ts';
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
  FtpsConnectOptions,
  RemoteEntry,
  UploadOptions,
  UploadResult,
} from './ftps-options.ts';

/**
 * An FTPS session with one printer: implicit TLS 1.2, user `bblp`, passive data connections
 * to the control host resuming the control TLS session. One operation at a time (printers
 * serve one transfer at a time anyway). Reconnects by itself after a cancelled upload.
 */
export class FtpsClient {
  private client: Client;
  private readonly who: string;

  private constructor(private readonly opts: FtpsConnectOptions) {
    this.client = this.newClient();
    this.who = opts.serial ? `printer ${opts.serial} at ${opts.host}` : `printer at ${opts.host}`;
  }

  /** Connects and logs in; throws FtpsError (`auth-failed`, `unreachable`, `tls-untrusted`, …). */
  static async connect(opts: FtpsConnectOptions): Promise<FtpsClient> {
    const c = new FtpsClient(opts);
    await c.open();
    return c;
  }

  private newClient(): Client {
    const client = new Client(this.opts.replyTimeoutMs ?? 90_000);
    client.prepareTransfer = passiveToControlHost;
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
      if (this.opts.clearDataChannel) await client.send('PROT C');
    })();
    steps.catch(() => undefined);
    try {
      await Promise.race([steps, timeout]);
    } catch (err) {
      client.close();
      throw toFtpsError(err, this.who, 'connecting');
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
      throw toFtpsError(err, this.who, what);
    }
  }

  /** Lists a directory (default `/`, the storage root). */
  async list(dir = '/'): Promise<RemoteEntry[]> {
    const items = await this.run(`listing ${dir}`, (c) => c.list(dir));
    return items
      .filter((i) => i.name !== '.' && i.name !== '..')
      .map((i) => ({
        name: i.name,
        size: i.size,
        isDirectory: i.isDirectory,
        modified: i.rawModifiedAt,
      }));
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
   * Uploads `localPath` to `remotePath` (absolute, e.g. `/cube.gcode.3mf`). The bytes go to a
   * temporary name first; only when the server confirmed the transfer and `SIZE` equals the
   * local size is it renamed, so a broken transfer never leaves a half file under the real name.
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
    const tempPath = posix.join(dir, `.${randomBytes(4).toString('hex')}.${name}.part`);
    const total = (await stat(localPath)).size;
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
    let timer: NodeJS.Timeout | undefined;
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
      timer = setTimeout(
        () =>
          stop(
            new FtpsError(
              'timeout',
              `uploading ${name} to ${this.who} took longer than ${Math.round(timeoutMs / 1000)} s: check the Wi-Fi signal of the printer, or raise the timeout`,
            ),
          ),
        timeoutMs,
      );
    });
    try {
      const transfer = this.run(`uploading ${name}`, (c) => c.uploadFrom(source, tempPath));
      transfer.catch(() => undefined);
      try {
        await Promise.race([transfer, stopped]);
      } catch (err) {
        // P2S reports 426 although the whole file arrived: trust SIZE then (ftps.md §1.2).
        if (stopReason || !(err instanceof FtpsError) || err.ftpCode !== 426) throw err;
      }
      const remoteSize = await this.size(tempPath);
      if (remoteSize !== total) {
        throw new FtpsError(
          'incomplete',
          `the upload of ${name} to ${this.who} is incomplete (${remoteSize ?? 0} of ${total} bytes arrived): retry; if it keeps failing, check the storage card`,
        );
      }
      await this.rename(tempPath, finalPath);
      sent = total;
      report(true);
      const seconds = (Date.now() - started) / 1000;
      return {
        remotePath: finalPath,
        bytes: total,
        seconds,
        bytesPerSecond: seconds > 0 ? total / seconds : total,
      };
    } catch (err) {
      source.destroy();
      await this.discard(tempPath);
      throw stopReason ?? toFtpsError(err, this.who, `uploading ${name}`);
    } finally {
      clearTimeout(timer);
      if (onAbort) opts.signal?.removeEventListener('abort', onAbort);
    }
  }

  private cancelled(name: string): FtpsError {
    return new FtpsError('cancelled', `the upload of ${name} to ${this.who} was cancelled`);
  }

  /** Best-effort delete of a partial upload, reconnecting if the transfer closed the session. */
  private async discard(tempPath: string): Promise<void> {
    try {
      await this.remove(tempPath, { ignoreMissing: true });
    } catch {
      // The printer is gone or refuses; a stray .part file is harmless and named as such.
    }
  }

  /** Closes the session (sends nothing more). */
  close(): void {
    this.client.close();
  }
}

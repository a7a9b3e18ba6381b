import { randomUUID } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { ErrorMapper } from '../../shared/contract/dispatch.ts';
import { UPLOAD_PATH } from '../../shared/contract/print-contract.ts';
import type { StagedFile } from '../../shared/contract/print-schemas.ts';
import { fail, ok, type ErrorCode, type Result } from '../../shared/contract/result.ts';
import { tokenMatches } from './ws-transport.ts';
import { sameOrigin } from '../common/request-gate.ts';

/** What the upload route needs from the engine. */
export interface UploadFace {
  print: {
    stageFile(
      path: string,
      name: string,
      owned: boolean,
      signal?: AbortSignal,
    ): Promise<StagedFile>;
  };
}

export interface UploadRouteOptions {
  engine: UploadFace;
  token: string | null;
  mapError: ErrorMapper;
  /** Largest file accepted, bytes (default 2 GiB: big multi-plate files reach 500 MB+). */
  maxBytes?: number;
  /**
   * An upload that sends nothing for this long is cut (default 30 s). There is no limit on the
   * whole body: a 2 GiB file over a slow link takes as long as it takes.
   */
  idleTimeoutMs?: number;
}

const STATUS: Partial<Record<ErrorCode, number>> = {
  'invalid-input': 400,
  forbidden: 403,
  'invalid-file': 422,
};

/**
 * `POST /api/print-upload?name=…`: streams the dropped file into a private temporary folder (never
 * into memory) and hands it to the engine, which reads its plates; replies with a JSON
 * `Result<StagedFile>`. A cross-site page cannot post here: the body must be
 * `application/octet-stream` (a CORS preflight the host never answers), a browser's Origin must be
 * this host, and the token is required when the host has one.
 */
export function createUploadRoute(options: UploadRouteOptions) {
  const maxBytes = options.maxBytes ?? 2 * 1024 ** 3;
  const idleTimeoutMs = options.idleTimeoutMs ?? 30_000;
  let dirPromise: Promise<string> | null = null;
  const dir = () => (dirPromise ??= mkdtemp(join(tmpdir(), 'farmdeck-uploads-')));

  const reply = (res: ServerResponse, result: Result<StagedFile>) => {
    const status = result.ok ? 200 : (STATUS[result.error.code] ?? 500);
    res.writeHead(status, { 'Content-Type': 'application/json', 'Cache-Control': 'no-store' });
    res.end(JSON.stringify(result));
  };

  const refuse = (req: IncomingMessage, res: ServerResponse, code: ErrorCode, message: string) => {
    // Stop reading the body; the client gets the answer and the connection closes.
    res.setHeader('Connection', 'close');
    reply(res, fail(code, message));
    req.resume();
  };

  return {
    /** True when the request is for this route. */
    handles(req: IncomingMessage): boolean {
      return new URL(req.url ?? '/', 'http://x').pathname === UPLOAD_PATH;
    },

    async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
      const url = new URL(req.url ?? '/', 'http://x');
      if (req.method !== 'POST') {
        return refuse(req, res, 'invalid-input', 'send the file with POST');
      }
      if (options.token !== null && !tokenMatches(options.token, url.searchParams.get('token'))) {
        return refuse(
          req,
          res,
          'forbidden',
          'this Farmdeck needs its access token: open the page with ?token=…',
        );
      }
      if (!sameOrigin(req) || req.headers['content-type'] !== 'application/octet-stream') {
        return refuse(
          req,
          res,
          'forbidden',
          'uploads are accepted only from the Farmdeck page itself',
        );
      }
      const name = (url.searchParams.get('name') ?? '').trim();
      if (name.length === 0 || name.length > 255 || /[/\\\0]/.test(name)) {
        return refuse(
          req,
          res,
          'invalid-input',
          'the file name is missing or not a plain file name',
        );
      }
      const declared = Number(req.headers['content-length'] ?? NaN);
      if (declared > maxBytes) {
        return refuse(req, res, 'invalid-file', tooLarge(name, maxBytes));
      }
      // The client going away stops the reading of its file too.
      const gone = new AbortController();
      res.once('close', () => {
        if (!res.writableFinished) gone.abort();
      });
      req.setTimeout(idleTimeoutMs, () =>
        req.destroy(new Error(`nothing received for ${Math.round(idleTimeoutMs / 1000)} s`)),
      );
      const path = join(await dir(), `${randomUUID()}.3mf`);
      let seen = 0;
      const limit = new Transform({
        transform(chunk: Buffer, _enc, done) {
          seen += chunk.length;
          done(seen > maxBytes ? new Error(tooLarge(name, maxBytes)) : null, chunk);
        },
      });
      try {
        await pipeline(req, limit, createWriteStream(path, { mode: 0o600 }));
      } catch (err) {
        await rm(path, { force: true });
        if (seen > maxBytes) return refuse(req, res, 'invalid-file', tooLarge(name, maxBytes));
        if (!res.writableEnded && !req.destroyed) {
          reply(
            res,
            fail(
              'internal',
              `the upload of ${name} broke off: drop the file again (${(err as Error).message})`,
            ),
          );
        }
        return;
      }
      req.setTimeout(0);
      try {
        reply(res, ok(await options.engine.print.stageFile(path, name, true, gone.signal)));
      } catch (err) {
        if (gone.signal.aborted) return;
        const { code, message } = options.mapError(err);
        reply(res, fail(code, message));
      }
    },

    /** Deletes the temporary folder and whatever is left in it. */
    async close(): Promise<void> {
      if (dirPromise) await rm(await dirPromise, { recursive: true, force: true });
    },
  };
}

function tooLarge(name: string, maxBytes: number): string {
  return `${name} is larger than ${Math.round(maxBytes / 1024 ** 2)} MB, more than Farmdeck accepts: export a single plate`;
}

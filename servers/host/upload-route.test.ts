import { createServer, request, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { defaultErrorMapper } from '../../shared/contract/dispatch.ts';
import type { StagedFile } from '../../shared/contract/print-schemas.ts';
import { createUploadRoute } from './upload-route.ts';

let server: Server | undefined;
afterEach(async () => {
  server?.closeAllConnections();
  await new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve()));
});

describe('upload route', () => {
  it('stops reading the file when the client goes away', async () => {
    let stageSignal: AbortSignal | undefined;
    let staged = () => undefined as void;
    const staging = new Promise<void>((resolve) => (staged = resolve));
    const route = createUploadRoute({
      token: null,
      mapError: defaultErrorMapper,
      engine: {
        print: {
          stageFile: (_path, _name, _owned, signal) => {
            stageSignal = signal;
            staged();
            // A file that takes forever: only the signal ends it.
            return new Promise<StagedFile>((_resolve, reject) =>
              signal?.addEventListener('abort', () => reject(new Error('stopped'))),
            );
          },
        },
      },
    });
    server = createServer((req, res) => void route.handle(req, res));
    await new Promise<void>((resolve) => server?.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as AddressInfo;
    const req = request({
      host: '127.0.0.1',
      port,
      method: 'POST',
      path: '/api/print-upload?name=slow.gcode.3mf',
      headers: { 'Content-Type': 'application/octet-stream' },
    });
    req.on('error', () => undefined);
    req.end(Buffer.alloc(1024));
    await staging;
    expect(stageSignal?.aborted).toBe(false);
    req.destroy();
    await expect.poll(() => stageSignal?.aborted, { timeout: 5_000 }).toBe(true);
    await route.close();
  });
});

import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { CloudError } from '../core/cloud/cloud-errors.ts';
import type { BoundDevice } from '../core/cloud/cloud-schemas.ts';
import { formatDevices, formatTasks } from './cloud-format.ts';
import { exitCodeForCloudError, maskSecret } from './cloud-io.ts';
import { createPrompter } from './cloud-prompt.ts';
import { EXIT } from './exit-codes.ts';

describe('exit codes', () => {
  it('maps cloud errors to the documented codes', () => {
    const code = (c: ConstructorParameters<typeof CloudError>[0]) =>
      exitCodeForCloudError(new CloudError(c, 'x'));
    expect(code('token-expired')).toBe(EXIT.authFailed);
    expect(code('code-wrong')).toBe(EXIT.authFailed);
    expect(code('network')).toBe(EXIT.unreachable);
    expect(code('timeout')).toBe(EXIT.timeout);
    expect(code('token-file')).toBe(EXIT.usage);
    expect(code('cloudflare')).toBe(EXIT.failure);
    expect(exitCodeForCloudError(new Error('other'))).toBe(EXIT.failure);
  });
});

describe('output', () => {
  it('masks secrets to their last four characters', () => {
    expect(maskSecret('12345678')).toBe('****5678');
    expect(maskSecret('123')).toBe('****');
    expect(maskSecret(null)).toBe('-');
  });

  it('formats devices and history', () => {
    const dev = {
      dev_id: '01P00A000000001',
      name: 'Left',
      online: true,
      print_status: 'RUNNING',
      dev_model_name: 'C12',
      dev_product_name: 'P1S',
      dev_access_code: '12345678',
    } as BoundDevice;
    const [head, line] = formatDevices([dev], false);
    expect(head).toBe('1 printer(s):');
    expect(line).toContain('01P00A000000001  |  Left  |  P1S (C12)  |  online');
    expect(line).toContain('****5678');
    expect(line).not.toContain('12345678');
    expect(formatDevices([], false)).toEqual(['No printers are bound to this account.']);
    const tasks = formatTasks({
      total: 9,
      hits: [{ id: 1, title: 'Cube', status: 3, deviceId: 'S' }],
    });
    expect(tasks).toEqual(['Print history (1 of 9):', '  ?  S  failed  "Cube"']);
  });
});

describe('piped answers', () => {
  it('reads one line per question, then reports the end of input', async () => {
    const input = new PassThrough();
    const output = new PassThrough();
    const p = createPrompter(input, output);
    const first = p.ask('Email: ');
    input.write('me@example.com\n123456\n');
    expect(await first).toBe('me@example.com');
    expect(await p.ask('Code: ')).toBe('123456');
    input.end();
    await expect(p.ask('Again: ')).rejects.toThrow(/standard input ended/);
    expect((output.read() as Buffer | null)?.toString()).toContain('Email: ');
    p.close();
  });
});

import { chmod, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { resolveHostToken } from './host-token.ts';

const SECRET = 'a-token-of-more-than-16-characters';
let dir = '';

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'farmdeck-token-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('host token sources', () => {
  it('reads the token from a private file, trimmed, without a warning', async () => {
    const file = join(dir, 'token');
    await writeFile(file, `${SECRET}\n`, { mode: 0o600 });
    expect(await resolveHostToken({ file, env: {} })).toEqual({ token: SECRET, warnings: [] });
  });

  it('warns when the file is readable by others, never showing the token', async () => {
    const file = join(dir, 'open-token');
    await writeFile(file, SECRET);
    await chmod(file, 0o644);
    const { token, warnings } = await resolveHostToken({ file, env: {} });
    expect(token).toBe(SECRET);
    expect(warnings.join()).toMatch(/chmod 600/);
    expect(warnings.join()).not.toContain(SECRET);
  });

  it('takes FARMDECK_TOKEN from the environment', async () => {
    expect(await resolveHostToken({ env: { FARMDECK_TOKEN: SECRET } })).toEqual({
      token: SECRET,
      warnings: [],
    });
    expect((await resolveHostToken({ env: {} })).token).toBeUndefined();
  });

  it('accepts --token with a warning about the process list', async () => {
    const { token, warnings } = await resolveHostToken({ flag: SECRET, env: {} });
    expect(token).toBe(SECRET);
    expect(warnings.join()).toMatch(/process list.*--token-file/);
    expect(warnings.join()).not.toContain(SECRET);
  });

  it('says what to do when the sources conflict, the file is missing or empty', async () => {
    await expect(
      resolveHostToken({ flag: SECRET, file: join(dir, 'token'), env: {} }),
    ).rejects.toThrow(/not both/);
    await expect(resolveHostToken({ file: join(dir, 'absent'), env: {} })).rejects.toThrow(
      /cannot read the token file .*ENOENT/,
    );
    const empty = join(dir, 'empty');
    await writeFile(empty, '\n');
    await expect(resolveHostToken({ file: empty, env: {} })).rejects.toThrow(/empty/);
  });
});

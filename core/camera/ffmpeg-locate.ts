import { constants } from 'node:fs';
import { access } from 'node:fs/promises';
import { delimiter, join } from 'node:path';
import { CameraError } from './camera-error.ts';

/** How to install ffmpeg, for messages. */
export const FFMPEG_INSTALL_HINT =
  'install ffmpeg (Debian/Ubuntu: apt-get install ffmpeg; macOS: brew install ffmpeg; Windows: winget install ffmpeg) or give its path';

/**
 * Finds the ffmpeg executable: `configured` when given (it must exist and be executable), else the
 * first `ffmpeg` on PATH. Rejects with a `ffmpeg-missing` CameraError that says how to install it.
 */
export async function locateFfmpeg(
  configured?: string,
  env: { readonly PATH?: string | undefined } = process.env,
): Promise<string> {
  if (configured !== undefined && configured !== '') {
    if (await isExecutable(configured)) return configured;
    throw new CameraError(
      'ffmpeg-missing',
      `ffmpeg not found at ${configured}: ${FFMPEG_INSTALL_HINT}`,
    );
  }
  const names = process.platform === 'win32' ? ['ffmpeg.exe'] : ['ffmpeg'];
  for (const dir of (env.PATH ?? '').split(delimiter)) {
    if (dir === '') continue;
    for (const name of names) {
      const candidate = join(dir, name);
      if (await isExecutable(candidate)) return candidate;
    }
  }
  throw new CameraError(
    'ffmpeg-missing',
    `the camera of X1, H2, P2S and X2D printers needs ffmpeg, which is not on PATH: ${FFMPEG_INSTALL_HINT}`,
  );
}

async function isExecutable(path: string): Promise<boolean> {
  try {
    await access(path, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

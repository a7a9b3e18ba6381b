// Finds and starts the Electron app from Node without importing 'electron' (which may try to download
// its binary). Used by the demo and the e2e spec.
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('../', import.meta.url));
/** Works from the source tree (electron/) and from the compiled one (dist/electron/). */
const REPO = existsSync(`${ROOT}package.json`)
  ? ROOT
  : fileURLToPath(new URL('../../', import.meta.url));

/** The built main process (`npm run build`). */
export const ELECTRON_MAIN = `${REPO}dist/electron/main.mjs`;

/** Path of the Electron binary when installed (node_modules/electron/dist), else null. */
export function findElectronBinary(): string | null {
  const pathFile = `${REPO}node_modules/electron/path.txt`;
  if (!existsSync(pathFile)) return null;
  const binary = `${REPO}node_modules/electron/dist/${readFileSync(pathFile, 'utf8').trim()}`;
  return existsSync(binary) ? binary : null;
}

/** True when both the binary and the built main process exist. */
export function canLaunchElectron(): boolean {
  return findElectronBinary() !== null && existsSync(ELECTRON_MAIN);
}

/** Starts the desktop app with extra environment variables; its output goes to this terminal. */
export function launchElectron(env: Record<string, string>): ChildProcess {
  const binary = findElectronBinary();
  if (binary === null)
    throw new Error('the Electron binary is not installed (node_modules/electron/dist)');
  return spawn(binary, [ELECTRON_MAIN], { stdio: 'inherit', env: { ...process.env, ...env } });
}

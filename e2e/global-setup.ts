import { existsSync } from 'node:fs';
import { findRendererDir } from '../servers/host/renderer-dir.ts';

/** The host serves the built renderer: fail early, and say how to build it, when it is missing. */
export default function globalSetup(): void {
  const dir = findRendererDir();
  if (!existsSync(`${dir}/index.html`)) {
    throw new Error(`the renderer is not built (${dir} is missing): run \`npx vite build\` first`);
  }
}

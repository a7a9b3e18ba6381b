import react from '@vitejs/plugin-react';
import { fileURLToPath } from 'node:url';
import type { Plugin } from 'vite';
import { defineConfig } from 'vitest/config';
import { CONTENT_SECURITY_POLICY_META } from './shared/csp.ts';

const repo = fileURLToPath(new URL('.', import.meta.url));

/**
 * The built page carries the strict CSP as a meta tag too (the host and Electron also send it as a header).
 * Only on build: the dev server needs inline scripts for hot reload.
 */
const cspMeta = (): Plugin => ({
  name: 'farmdeck-csp-meta',
  apply: 'build',
  transformIndexHtml: () => [
    {
      tag: 'meta',
      attrs: {
        'http-equiv': 'Content-Security-Policy',
        content: CONTENT_SECURITY_POLICY_META,
      },
      injectTo: 'head',
    },
  ],
});

// `vite build` builds the renderer (root: renderer/, output: dist/renderer/); the browser host and the
// Electron shell serve that folder. Vitest projects keep the repository as their root.
export default defineConfig({
  root: 'renderer',
  base: './',
  plugins: [react(), cspMeta()],
  // `npx vite` serves the renderer with hot reload; the contract goes to a host on 4477 (see docs/app.md).
  // The host answers only to Host 127.0.0.1:4477 and its own Origin: a page of this dev server is passed
  // on as the host's own origin; any other origin stays as it is (and is refused).
  server: {
    proxy: {
      '/ws': {
        target: 'ws://127.0.0.1:4477',
        ws: true,
        changeOrigin: true,
        configure: (proxy) => {
          proxy.on('proxyReqWs', (proxyReq, req) => {
            const { origin, host } = req.headers;
            if (origin !== undefined && origin === `http://${host ?? ''}`) {
              proxyReq.setHeader('origin', 'http://127.0.0.1:4477');
            }
          });
        },
      },
    },
  },
  build: {
    outDir: '../dist/renderer',
    emptyOutDir: true,
    sourcemap: true,
    // The strict CSP (script-src 'self') forbids inline scripts, including Vite's module preload polyfill.
    modulePreload: { polyfill: false },
  },
  test: {
    projects: [
      {
        root: repo,
        test: {
          name: 'unit',
          environment: 'node',
          setupFiles: ['test/support/no-unhandled.ts'],
          include: ['{shared,core,cli,sim,servers,renderer,electron,demo}/**/*.test.ts'],
          exclude: ['**/*.int.test.ts', 'node_modules/**', 'dist/**'],
        },
      },
      {
        root: repo,
        test: {
          name: 'integration',
          environment: 'node',
          setupFiles: ['test/support/no-unhandled.ts'],
          include: ['test/**/*.int.test.ts'],
          testTimeout: 30_000,
          hookTimeout: 30_000,
        },
      },
    ],
  },
});

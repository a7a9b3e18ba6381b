import { builtinModules } from 'node:module';
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';

const here = (p: string) => fileURLToPath(new URL(p, import.meta.url));

// Three builds into dist/electron: `--mode main` (ESM, dependencies external: they are in node_modules),
// `--mode worker` (the .gcode.3mf reader's worker thread beside main.mjs, where read-in-worker.ts looks
// for it, so a dropped file never blocks the main process) and `--mode preload` (one CommonJS file with
// nothing external but electron: the sandbox loads no modules).
export default defineConfig(({ mode }) => {
  const preload = mode === 'preload';
  const nodeExternal = ['electron', ...builtinModules, ...builtinModules.map((m) => `node:${m}`)];
  return {
    configFile: false,
    publicDir: false,
    build: {
      outDir: here('../dist/electron'),
      emptyOutDir: false,
      sourcemap: true,
      minify: false,
      target: 'node22',
      lib: preload
        ? { entry: here('./preload/index.ts'), formats: ['cjs'], fileName: () => 'preload.cjs' }
        : mode === 'worker'
          ? {
              entry: here('../core/threemf/threemf-worker.ts'),
              formats: ['es'],
              fileName: () => 'threemf-worker.js',
            }
          : { entry: here('./main/index.ts'), formats: ['es'], fileName: () => 'main.mjs' },
      rollupOptions: {
        external: preload
          ? ['electron']
          : (id: string) => nodeExternal.includes(id) || /^[a-z@]/.test(id),
      },
    },
  };
});

// Entry point of the bambu-proxy command (bin/bambu-proxy.js imports the compiled file).
import { runProxy } from './proxy-command.ts';
import { runAsProcess } from './process-io.ts';

await runAsProcess(runProxy);

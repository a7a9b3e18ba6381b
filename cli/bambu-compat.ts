// Entry point of the bambu-compat command (bin/bambu-compat.js imports the compiled file).
import { runCompat } from './compat-command.ts';
import { runAsProcess } from './process-io.ts';

await runAsProcess(runCompat);

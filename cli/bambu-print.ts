// Entry point of the bambu-print command (bin/bambu-print.js imports the compiled file).
import { runPrint } from './print-command.ts';
import { runAsProcess } from './process-io.ts';

await runAsProcess(runPrint);

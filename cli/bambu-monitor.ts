// Entry point of the bambu-monitor command (bin/bambu-monitor.js imports the compiled file).
import { runMonitor } from './monitor.ts';
import { runAsProcess } from './process-io.ts';

await runAsProcess(runMonitor);

// Entry point of the bambu-monitor command (bin/bambu-monitor.js imports the compiled file).
import { EXIT } from './exit-codes.ts';
import { runMonitor } from './monitor.ts';

const stop = new AbortController();
const onSignal = (): void => {
  // A second Ctrl-C leaves at once, in case closing the connection hangs.
  if (stop.signal.aborted) process.exit(EXIT.interrupted);
  stop.abort();
};
process.on('SIGINT', onSignal);
process.on('SIGTERM', onSignal);

const code = await runMonitor(process.argv.slice(2), {
  stdout: (line) => process.stdout.write(`${line}\n`),
  stderr: (line) => process.stderr.write(`${line}\n`),
  env: process.env,
  signal: stop.signal,
});
process.exitCode = code;
// Everything is closed by now; do not let a stray timer keep the process alive.
setTimeout(() => process.exit(code), 2000).unref();

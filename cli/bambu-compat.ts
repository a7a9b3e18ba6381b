// Entry point of the bambu-compat command (bin/bambu-compat.js imports the compiled file).
import { runCompat } from './compat-command.ts';
import { EXIT } from './exit-codes.ts';

const stop = new AbortController();
const onSignal = (): void => {
  // A second Ctrl-C leaves at once, in case closing hangs.
  if (stop.signal.aborted) process.exit(EXIT.interrupted);
  stop.abort();
};
process.on('SIGINT', onSignal);
process.on('SIGTERM', onSignal);

const code = await runCompat(process.argv.slice(2), {
  stdout: (line) => process.stdout.write(`${line}\n`),
  stderr: (line) => process.stderr.write(`${line}\n`),
  env: process.env,
  signal: stop.signal,
});
process.exitCode = code;
setTimeout(() => process.exit(code), 2000).unref();

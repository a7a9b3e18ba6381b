// Entry point of the bambu-proxy command (bin/bambu-proxy.js imports the compiled file).
import { runProxy } from './proxy-command.ts';
import { EXIT } from './exit-codes.ts';

const stop = new AbortController();
const onSignal = (): void => {
  // A second Ctrl-C leaves at once, in case closing hangs.
  if (stop.signal.aborted) process.exit(EXIT.interrupted);
  stop.abort();
};
process.on('SIGINT', onSignal);
process.on('SIGTERM', onSignal);

const code = await runProxy(process.argv.slice(2), {
  stdout: (line) => process.stdout.write(`${line}\n`),
  stderr: (line) => process.stderr.write(`${line}\n`),
  env: process.env,
  signal: stop.signal,
});
process.exitCode = code;
setTimeout(() => process.exit(code), 2000).unref();

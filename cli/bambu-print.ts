// Entry point of the bambu-print command (bin/bambu-print.js imports the compiled file).
import { EXIT } from './exit-codes.ts';
import { runPrint } from './print-command.ts';

const stop = new AbortController();
const onSignal = (): void => {
  // A second Ctrl-C leaves at once, in case the cleanup hangs.
  if (stop.signal.aborted) process.exit(EXIT.interrupted);
  stop.abort();
};
process.on('SIGINT', onSignal);
process.on('SIGTERM', onSignal);

const tty = process.stderr.isTTY;
const code = await runPrint(process.argv.slice(2), {
  stdout: (line) => process.stdout.write(`${line}\n`),
  stderr: (line) => process.stderr.write(`${line}\n`),
  ...(tty ? { progress: (line: string) => process.stderr.write(`\r\x1b[2K${line}`) } : {}),
  env: process.env,
  signal: stop.signal,
});
process.exitCode = code;
setTimeout(() => process.exit(code), 2000).unref();

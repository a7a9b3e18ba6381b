// Entry point of the bambu-sim command (bin/bambu-sim.js imports the compiled file).
import { runSim } from './sim-cli.ts';

const stop = new AbortController();
const onSignal = (): void => {
  // A second Ctrl-C leaves at once, in case closing hangs.
  if (stop.signal.aborted) process.exit(130);
  stop.abort();
};
process.on('SIGINT', onSignal);
process.on('SIGTERM', onSignal);

const code = await runSim(process.argv.slice(2), {
  stdout: (line) => process.stdout.write(`${line}\n`),
  stderr: (line) => process.stderr.write(`${line}\n`),
  signal: stop.signal,
});
process.exitCode = code;
// Everything is closed by now; do not let a stray timer keep the process alive.
setTimeout(() => process.exit(code), 2000).unref();

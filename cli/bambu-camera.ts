// Entry point of the bambu-camera command (bin/bambu-camera.js imports the compiled file).
import { runCamera } from './camera-command.ts';
import { EXIT } from './exit-codes.ts';

const stop = new AbortController();
const onSignal = (): void => {
  if (stop.signal.aborted) process.exit(EXIT.interrupted);
  stop.abort();
};
process.on('SIGINT', onSignal);
process.on('SIGTERM', onSignal);

const code = await runCamera(process.argv.slice(2), {
  stdout: (line) => process.stdout.write(`${line}\n`),
  stderr: (line) => process.stderr.write(`${line}\n`),
  env: process.env,
  signal: stop.signal,
});
process.exitCode = code;
// Sessions are closed by now; do not let a stray timer or ffmpeg pipe keep the process alive.
setTimeout(() => process.exit(code), 2000).unref();

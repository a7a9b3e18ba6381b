// Entry point of the bambu-query command (bin/bambu-query.js imports the compiled file).
import { installProcessGuards } from '../core/util/process-guard.ts';
import { runQuery } from './cloud-query.ts';

installProcessGuards('bambu-query');

const code = await runQuery(process.argv.slice(2), {
  stdout: (line) => process.stdout.write(`${line}\n`),
  stderr: (line) => process.stderr.write(`${line}\n`),
  env: process.env,
  ask: () => Promise.reject(new Error('bambu-query asks no questions')),
});
process.exitCode = code;

// Entry point of the bambu-login command (bin/bambu-login.js imports the compiled file).
import { installProcessGuards } from '../core/util/process-guard.ts';
import { createPrompter } from './cloud-prompt.ts';
import { runLogin } from './cloud-login.ts';

installProcessGuards('bambu-login');
const prompter = createPrompter(process.stdin, process.stderr);
const code = await runLogin(process.argv.slice(2), {
  stdout: (line) => process.stdout.write(`${line}\n`),
  stderr: (line) => process.stderr.write(`${line}\n`),
  env: process.env,
  ask: (question, opts) => prompter.ask(question, opts),
});
prompter.close();
process.exitCode = code;

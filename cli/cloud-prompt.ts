/**
 * Questions for the cloud tools: on a terminal, interactive prompts (passwords hidden); when
 * standard input is a pipe, one line per question, so scripts can pipe the email code in.
 */
import { createInterface, type Interface } from 'node:readline';

export interface Prompter {
  ask(question: string, opts?: { hidden?: boolean }): Promise<string>;
  close(): void;
}

/** A prompter over `input` (stdin) writing questions to `output` (stderr). */
export function createPrompter(
  input: NodeJS.ReadableStream & { isTTY?: boolean },
  output: NodeJS.WritableStream,
): Prompter {
  return input.isTTY === true ? ttyPrompter(input, output) : pipePrompter(input, output);
}

function ttyPrompter(input: NodeJS.ReadableStream, output: NodeJS.WritableStream): Prompter {
  const rl = createInterface({ input, output, terminal: true });
  const writable = rl as unknown as { _writeToOutput(s: string): void };
  const original = writable._writeToOutput.bind(rl);
  let muted = false;
  writable._writeToOutput = (s: string) => {
    if (!muted || s.includes('\n')) original(muted ? '\n' : s);
  };
  return {
    ask(question, opts = {}) {
      return new Promise((resolve) => {
        rl.question(question, (answer) => {
          muted = false;
          resolve(answer);
        });
        muted = opts.hidden === true;
      });
    },
    close: () => rl.close(),
  };
}

function pipePrompter(input: NodeJS.ReadableStream, output: NodeJS.WritableStream): Prompter {
  const rl: Interface = createInterface({ input, terminal: false });
  const lines: string[] = [];
  const waiting: { resolve(s: string): void; reject(e: Error): void }[] = [];
  let ended = false;
  rl.on('line', (line) => {
    const w = waiting.shift();
    if (w !== undefined) w.resolve(line);
    else lines.push(line);
  });
  rl.on('close', () => {
    ended = true;
    for (const w of waiting.splice(0)) w.reject(new Error('standard input ended'));
  });
  return {
    ask(question) {
      output.write(`${question}\n`);
      const line = lines.shift();
      if (line !== undefined) return Promise.resolve(line);
      if (ended) return Promise.reject(new Error('standard input ended'));
      return new Promise((resolve, reject) => waiting.push({ resolve, reject }));
    },
    close: () => rl.close(),
  };
}

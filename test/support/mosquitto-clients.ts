import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';

// The mosquitto command-line clients, as the tests' stand-in for a printer and for a snooper.

/** Messages seen by a mosquitto_sub, parsed as JSON objects, in order. */
export interface Subscription {
  readonly messages: readonly Record<string, unknown>[];
  /** Resolves with the first message (seen so far or later) that matches. */
  waitFor(
    predicate: (m: Record<string, unknown>) => boolean,
    timeoutMs?: number,
  ): Promise<Record<string, unknown>>;
}

let payloadCount = 0;

/** Publishes `payload` (JSON-encoded unless a string) with mosquitto_pub; `tlsArgs` hold host, port, CA and user. */
export async function publishWith(
  tlsArgs: readonly string[],
  dir: string,
  topic: string,
  payload: unknown,
): Promise<void> {
  const file = join(dir, `payload-${++payloadCount}.json`);
  writeFileSync(file, typeof payload === 'string' ? payload : JSON.stringify(payload));
  await new Promise<void>((resolve, reject) => {
    execFile('mosquitto_pub', [...tlsArgs, '-t', topic, '-f', file], (err, _out, stderr) => {
      if (err) reject(new Error(`mosquitto_pub failed: ${stderr}`, { cause: err }));
      else resolve();
    });
  });
}

/**
 * Starts mosquitto_sub on `topic`; resolves once it is subscribed. Finding out takes publishing
 * `{"probe":n}` messages on the topic (they are not listed in `messages`), because mosquitto_sub
 * does not flush its -d protocol log (with the SUBACK) to a pipe.
 */
export async function subscribeWith(
  tlsArgs: readonly string[],
  dir: string,
  topic: string,
  onChild: (child: ChildProcess) => void,
): Promise<Subscription> {
  const sub = spawn('mosquitto_sub', [...tlsArgs, '-t', topic], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  onChild(sub);
  const messages: Record<string, unknown>[] = [];
  const probes = new Set<number>();
  const waiters = new Set<() => void>();
  let out = '';
  let partial = '';
  const notify = () => {
    for (const w of [...waiters]) w();
  };
  sub.stderr?.setEncoding('utf8').on('data', (c: string) => (out += c));
  // mosquitto_sub flushes its output after each message.
  sub.stdout?.setEncoding('utf8').on('data', (chunk: string) => {
    out += chunk;
    partial += chunk;
    const lines = partial.split('\n');
    partial = lines.pop() ?? '';
    for (const line of lines.filter((l) => l.startsWith('{'))) {
      const message = JSON.parse(line) as Record<string, unknown>;
      if (typeof message['probe'] === 'number') probes.add(message['probe']);
      else messages.push(message);
    }
    notify();
  });
  sub.on('close', notify);
  const waitFor = (check: () => boolean, timeoutMs: number, what: string) =>
    new Promise<void>((resolve, reject) => {
      const test = () => {
        if (check()) finish(resolve);
        else if (sub.exitCode !== null)
          finish(() => reject(new Error(`mosquitto_sub ended:\n${out}`)));
      };
      const timer = setTimeout(
        () => finish(() => reject(new Error(`${what}; got:\n${out}`))),
        timeoutMs,
      );
      const finish = (then: () => void) => {
        clearTimeout(timer);
        waiters.delete(test);
        then();
      };
      waiters.add(test);
      test();
    });
  // Subscribed once one of our probes comes back (the SUBACK is not visible in time).
  const deadline = Date.now() + 15_000;
  for (let n = 0; ; n++) {
    await publishWith(tlsArgs, dir, topic, { probe: n });
    try {
      await waitFor(() => probes.size > 0, 500, 'no probe back');
      break;
    } catch (err) {
      if (Date.now() > deadline || sub.exitCode !== null) {
        throw new Error(`mosquitto_sub did not subscribe to ${topic}:\n${out}`, { cause: err });
      }
    }
  }
  return {
    messages,
    async waitFor(predicate, timeoutMs = 20_000) {
      await waitFor(() => messages.some(predicate), timeoutMs, `no matching message on ${topic}`);
      return messages.find(predicate) as Record<string, unknown>;
    },
  };
}

/**
 * Soak: 200 virtual printers (child process, outside the measurement) with faults cycling (drops,
 * silence, malformed and oversized reports, restarts, a wrong access code for a while), cameras opened
 * and closed, 100 failed print starts and 1,000 UI reconnects, against the engine and the browser host
 * in this process. Prints handles, listening sockets, timers and memory over time, and the end (every
 * fault healed, every printer online again) against the baseline: target ± 10 %.
 *
 *   npm run build && node dist/bench/soak.js [--printers 200] [--minutes 30]
 */
import { fork } from 'node:child_process';
import { once } from 'node:events';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import type { FaultKind } from '../sim/virtual-printer-api.ts';
import {
  serveSoakFarm,
  type SoakFarmControl,
  type SoakFarmAsk,
  type SoakPrinter,
} from './soak-farm.ts';
import { runSoak, type SoakSample } from './soak-run.ts';

const { values } = parseArgs({
  options: {
    printers: { type: 'string', default: '200' },
    minutes: { type: 'string', default: '30' },
    'ui-reconnects': { type: 'string', default: '1000' },
    'failed-starts': { type: 'string', default: '100' },
    'camera-opens': { type: 'string', default: '600' },
    serve: { type: 'string' },
  },
});

if (values.serve !== undefined) {
  await serveSoakFarm({ count: Number(values.serve) });
} else {
  const count = Number(values.printers);
  const child = fork(fileURLToPath(import.meta.url), ['--serve', String(count)]);
  const [hello] = (await once(child, 'message')) as [{ caPem: string; printers: SoakPrinter[] }];
  console.log(`virtual farm up (${hello.printers.length} printers)`);
  const farm = remoteFarm(child, hello.caPem, hello.printers);
  const result = await runSoak({
    farm,
    durationMs: Number(values.minutes) * 60_000,
    uiReconnects: Number(values['ui-reconnects']),
    failedPrintStarts: Number(values['failed-starts']),
    cameraOpens: Number(values['camera-opens']),
    log: (line) => console.log(line),
  });
  child.disconnect();
  await once(child, 'exit');
  const row = (label: string, s: SoakSample): string =>
    `| ${label} | ${s.t} | ${s.online} | ${s.rssMb.toFixed(1)} | ${s.heapMb.toFixed(1)} | ${s.handles} | ${s.sockets} | ${s.listeners} | ${s.timers} | ${s.fds} | ${s.children} |`;
  const pct = (a: number, b: number): string => `${(((b - a) / a) * 100).toFixed(1)} %`;
  console.log(
    [
      '',
      `printers ${result.printers}; done: ${JSON.stringify(result.done)}`,
      '',
      '| sample | t (s) | online | RSS MB | heap MB | handles | sockets | listening | timers | fds | children |',
      '|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|',
      ...result.samples.map((s, i) =>
        row(i === 0 ? 'baseline' : i === result.samples.length - 1 ? 'end' : '', s),
      ),
      '',
      `end vs baseline: RSS ${pct(result.baseline.rssMb, result.end.rssMb)}, heap ${pct(result.baseline.heapMb, result.end.heapMb)}, handles ${pct(result.baseline.handles, result.end.handles)}, timers ${pct(result.baseline.timers, result.end.timers)}; differing types: ${result.diff.join(', ') || 'none'}`,
    ].join('\n'),
  );
}

/** The child's farm, driven over IPC. */
function remoteFarm(
  child: ReturnType<typeof fork>,
  caPem: string,
  printers: SoakPrinter[],
): SoakFarmControl {
  let nextId = 0;
  const waiting = new Map<number, () => void>();
  child.on('message', (m: { id?: number }) => {
    if (m.id === undefined) return;
    waiting.get(m.id)?.();
    waiting.delete(m.id);
  });
  const ask = (req: SoakFarmAsk): Promise<void> =>
    new Promise<void>((resolve) => {
      const id = ++nextId;
      waiting.set(id, resolve);
      child.send({ ...req, id });
    });
  return {
    caPem,
    printers,
    fault: (index: number, kind: FaultKind) => ask({ op: 'fault', index, kind }),
    heal: (index: number) => ask({ op: 'heal', index }),
    restart: (index: number) => ask({ op: 'restart', index }),
    close: () => Promise.resolve(),
  };
}

import { describe, expect, it } from 'vitest';
import { StateKeeper } from './state-keeper.ts';
import { listFixtures, loadFixture } from '../../test/fixtures.ts';

// Issue 11 item 8: every captured MQTT payload of ../shared/fixtures goes through the link's merge
// path (StateKeeper.ingest, shared by the LAN link and cloud MQTT) in the order a printer sends
// them: get_version reply, the pushall answer, then its partial reports. After each step, no field
// the step did not name has changed, and every field it named holds the step's value.

type Json = Record<string, unknown>;
const isObject = (v: unknown): v is Json =>
  v !== null && typeof v === 'object' && !Array.isArray(v);

/** Leaf paths of a JSON object (arrays are leaves: reports replace them whole). */
function flatten(v: Json, prefix = '', out = new Map<string, string>()): Map<string, string> {
  for (const [k, child] of Object.entries(v)) {
    const path = prefix === '' ? k : `${prefix}.${k}`;
    if (isObject(child) && Object.keys(child).length > 0) flatten(child, path, out);
    else out.set(path, JSON.stringify(child));
  }
  return out;
}

/** One printer's traffic, in the order it arrives after connecting. */
const PRINTERS: { serial: string; files: string[] }[] = [
  { serial: '00M00A000000001', files: ['mqtt-get_version-x1c.json', 'mqtt-pushall-x1c.json'] },
  {
    serial: '00M00A000000002',
    files: ['mqtt-get_version-x1-openbambuapi.json', 'mqtt-pushall-x1-openbambuapi.json'],
  },
  { serial: '01S00A000000001', files: ['mqtt-get_version-p1p.json', 'mqtt-pushall-p1p.json'] },
  { serial: '03900A000000001', files: ['mqtt-get_version-a1.json', 'mqtt-pushall-a1.json'] },
  {
    serial: '0948AD000000001',
    files: ['mqtt-get_version-h2d.json', 'mqtt-pushall-h2d.json', 'mqtt-deltas-h2d.json'],
  },
  {
    serial: '0948AD000000002',
    files: [
      'mqtt-get_version-h2d-local.json',
      'mqtt-pushall-h2d-local.json',
      'mqtt-deltas-h2d.json',
    ],
  },
  {
    serial: '22E00A000000001',
    files: [
      'mqtt-get_version-p2s.json',
      'mqtt-get_version-p2s-obn.json',
      'mqtt-pushall-p2s.json',
      'mqtt-project_file-p2s-studio.json',
    ],
  },
];

/** The messages of one fixture file: one message, or a map of named messages (the H2D deltas). */
function messagesOf(file: string): [string, Json][] {
  const message = { ...loadFixture<Json>(file) };
  delete message['_source'];
  if (['print', 'info'].some((k) => k in message)) return [[file, message]];
  return Object.entries(message).map(([name, m]) => [`${file} ${name}`, m as Json]);
}

describe('replaying the captured MQTT traffic through the merge path', () => {
  it('uses every MQTT capture in ../shared/fixtures', () => {
    const used = new Set(PRINTERS.flatMap((p) => p.files));
    expect(listFixtures('mqtt-').filter((f) => !used.has(f))).toEqual([]);
  });

  for (const printer of PRINTERS) {
    it(`${printer.files.find((f) => f.includes('pushall')) ?? ''}: each step changes only what it names`, () => {
      const keeper = new StateKeeper(printer.serial);
      let step = 0;
      for (const file of printer.files) {
        for (const [name, message] of messagesOf(file)) {
          step += 1;
          const before =
            keeper.print === undefined ? new Map<string, string>() : flatten(keeper.print);
          const stateBefore = keeper.state;
          const result = keeper.ingest(message, step);
          const after =
            keeper.print === undefined ? new Map<string, string>() : flatten(keeper.print);
          const print = message['print'];
          const isReport = isObject(print) && (print['command'] ?? 'push_status') === 'push_status';
          if (!isReport) {
            // get_version replies and command echoes leave the merged report as it was.
            expect(after, name).toEqual(before);
            if (stateBefore !== null && isObject(message['info'])) {
              // Only what the version reply names (firmware, model) may change.
              const now = keeper.state;
              expect({ ...now, firmware: null, model: null }, name).toEqual({
                ...stateBefore,
                firmware: null,
                model: null,
              });
            } else if (stateBefore !== null) {
              expect(keeper.state, name).toBe(stateBefore);
            }
            continue;
          }
          expect(result.report?.applied, name).toBe(true);
          const named = flatten(print);
          const isNamed = (path: string) =>
            [...named.keys()].some((n) => n === path || path.startsWith(`${n}.`));
          for (const [path, value] of before) {
            if (!isNamed(path)) expect(after.get(path), `${name}: ${path}`).toBe(value);
          }
          for (const [path, value] of named) {
            expect(after.get(path), `${name}: ${path}`).toBe(value);
          }
        }
      }
      expect(keeper.state?.model, 'model known').not.toBeNull();
      expect(keeper.hasFullReport).toBe(true);
    });
  }
});

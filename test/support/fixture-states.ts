import type { PrinterState } from '../../shared/printer-state.ts';
import { StateKeeper } from '../../core/mqtt/state-keeper.ts';
import { loadFixture } from '../fixtures.ts';

type Json = Record<string, unknown>;

/** Captured printers: `get_version` reply and `pushall` answer (../shared/fixtures). */
const CAPTURES = {
  /** A1, IDLE, AMS Lite with 4 PLA colours, external PLA white. */
  a1: ['mqtt-get_version-a1.json', 'mqtt-pushall-a1.json'],
  /** P1P, FAILED, AMS with 4 PLA #D357FE, external PLA #161616. */
  p1p: ['mqtt-get_version-p1p.json', 'mqtt-pushall-p1p.json'],
  /** X1C, FINISH, AMS PLA + AMS ABS + AMS 2 Pro ABS + AMS HT PA-CF. */
  x1c: ['mqtt-get_version-x1c.json', 'mqtt-pushall-x1c.json'],
  /** H2D, RUNNING, two nozzles, AMS (PLA, PETG black) + AMS HT PA-GF, external spools empty. */
  h2d: ['mqtt-get_version-h2d.json', 'mqtt-pushall-h2d.json'],
  /** P2S, RUNNING, AMS 2 Pro PLA/PETG. */
  p2s: ['mqtt-get_version-p2s.json', 'mqtt-pushall-p2s.json'],
} as const;

export type CapturedPrinter = keyof typeof CAPTURES;

/**
 * A PrinterState built the way the engine builds it: the captured `get_version` and `pushall`
 * messages through StateKeeper (merge + normalize). `edit` changes the captured `print` object
 * first (a copy), e.g. `gcode_state`, a tray's `tray_type`/`tray_color`, `hms` or `nozzle_diameter`.
 */
export function capturedState(
  printer: CapturedPrinter,
  edit?: (print: Json) => void,
  serial = `SERIAL-${printer}`,
): PrinterState {
  const keeper = new StateKeeper(serial);
  keeper.setOnline(true);
  const [version, pushall] = CAPTURES[printer];
  for (const file of [version, pushall]) {
    const message = structuredClone(loadFixture<Json>(file));
    delete message['_source'];
    if (file === pushall && edit) edit(message['print'] as Json);
    keeper.ingest(message, 1_000);
  }
  const state = keeper.state;
  if (!state) throw new Error(`${printer}: the captures gave no state`);
  return state;
}

/** The `tray` objects of AMS unit `unit` in a captured `print` object. */
export function amsTrays(print: Json, unit = 0): Json[] {
  const ams = (print['ams'] as Json)['ams'] as Json[];
  const found = ams.find((u) => Number(u['id']) === unit);
  if (!found) throw new Error(`no AMS unit ${unit} in the capture`);
  return found['tray'] as Json[];
}

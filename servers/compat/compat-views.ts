/**
 * The JSON bodies of the compatibility API, built from feed snapshots. Field names follow the
 * old local API and Home Assistant habits (snake_case); times are ISO-8601 UTC and seconds.
 */
import type { PrinterState } from '../../shared/printer-state.ts';
import type { FeedSnapshot } from './printer-feed.ts';

/** How fresh a printer's data is. */
export interface Freshness {
  /** ISO time of the last merged report, null before one. */
  updated_at: string | null;
  /** Seconds since then (0.1 s resolution), null before one. */
  age_seconds: number | null;
  /** True when offline or older than the stale limit. */
  stale: boolean;
}

/** Freshness of a snapshot at `now` (ms); data older than `staleAfterMs` is stale. */
export function freshness(s: FeedSnapshot, now: number, staleAfterMs: number): Freshness {
  if (s.updatedAt === null) return { updated_at: null, age_seconds: null, stale: true };
  const age = Math.max(0, now - s.updatedAt);
  return {
    updated_at: new Date(s.updatedAt).toISOString(),
    age_seconds: Math.round(age / 100) / 10,
    stale: !s.online || age > staleAfterMs,
  };
}

/** `GET /api/v1/status`: the full legacy `print` object plus connection and freshness. */
export function statusView(s: FeedSnapshot, f: Freshness): Record<string, unknown> {
  return {
    device_id: s.serial,
    name: s.name,
    connection: s.connection,
    online: s.online,
    status: s.status,
    ...f,
    print: s.print,
  };
}

/** `GET /api/v1/print`: the current job in plain fields. */
export function printView(s: FeedSnapshot, state: PrinterState, f: Freshness) {
  const nozzle = state.nozzles[0];
  return {
    device_id: s.serial,
    name: s.name,
    online: s.online,
    ...f,
    state: state.status,
    gcode_state: state.gcodeState,
    stage: state.stage,
    job_name: state.jobName,
    progress: state.progress,
    remaining_minutes: state.remainingMinutes,
    layer: state.layer,
    total_layers: state.totalLayers,
    speed_level: state.speedLevel,
    temperatures: {
      nozzle: nozzle?.temp ?? null,
      nozzle_target: nozzle?.target ?? null,
      bed: state.bed.temp,
      bed_target: state.bed.target,
      chamber: state.chamber?.temp ?? null,
    },
    print_error: state.printError,
    hms: state.hms,
  };
}

/** One entry of `GET /api/v1/devices`. */
export function deviceView(s: FeedSnapshot, f: Freshness) {
  return {
    device_id: s.serial,
    name: s.name,
    model: s.state?.model ?? null,
    connection: s.connection,
    online: s.online,
    status: s.status,
    state: s.state?.status ?? null,
    progress: s.state?.progress ?? null,
    firmware: s.state?.firmware ?? null,
    ...f,
    problem: s.problem,
  };
}

/**
 * Quirks of real printers that a tidy simulator would smooth away (../shared/reference/protocol/
 * quirks.md), by name: `startVirtualPrinter({ quirks: ['no-msg'] })` or `bambu-sim --quirks no-msg`.
 * Each entry says what it does, where the behaviour was seen, and how it changes the printer's
 * options. A new quirk is one line here plus the option it sets.
 */
import { ftpsQuirkEntries } from './ftps/ftps-quirks.ts';
import type { VirtualPrinterFtpsOptions, VirtualPrinterOptions } from './virtual-printer-api.ts';

export interface SimQuirk {
  /** What the printer does, for `--help` and docs. */
  readonly summary: string;
  /** Where the behaviour comes from (quirks.md row, capture or peer code). */
  readonly source: string;
  /** The printer's options with the quirk switched on. */
  readonly apply: (options: VirtualPrinterOptions) => VirtualPrinterOptions;
}

const quirk = (summary: string, source: string, apply: SimQuirk['apply']): SimQuirk => ({
  summary,
  source,
  apply,
});

/** Options with the FTPS server switched on and `patch` applied to its settings. */
export function withFtps(
  o: VirtualPrinterOptions,
  patch: Partial<VirtualPrinterFtpsOptions>,
): VirtualPrinterOptions {
  const ftps = o.ftps === undefined || o.ftps === false || o.ftps === true ? {} : o.ftps;
  return { ...o, ftps: { ...ftps, ...patch } };
}

/** Default `late-project-reply` delay: past the client's 10 s command timeout. */
export const LATE_PROJECT_REPLY_MS = 15_000;
/** Default full-report period of `p1-deltas` ("every few minutes"). */
export const P1_FULL_REPORT_MS = 5 * 60_000;

export const SIM_QUIRKS = {
  'no-msg': quirk(
    'reports carry no `msg`; between full reports only the changed keys are sent (H2 door: {"stat":"46A58008"})',
    'quirks.md MQTT reports; ../shared/fixtures/mqtt-deltas-h2d.json, mqtt-pushall-h2d.json',
    (o) => ({ ...o, reports: { ...o.reports, style: 'delta', msg: false } }),
  ),
  'p1-deltas': quirk(
    'deltas (`msg` 1) on every push, a full report only after pushall and every few minutes',
    'quirks.md MQTT reports; OpenBambuAPI mqtt.md',
    (o) => ({
      ...o,
      reports: {
        ...o.reports,
        style: 'delta',
        fullEveryMs: o.reports?.fullEveryMs ?? P1_FULL_REPORT_MS,
      },
    }),
  ),
  'late-project-reply': quirk(
    'answers `project_file` late (15 s, after the job already shows in the reports)',
    'quirks.md MQTT reports (replies late or never); OpenBambuAPI, ha-bambulab',
    (o) => ({
      ...o,
      projectReply: {
        ...o.projectReply,
        delayMs: o.projectReply?.delayMs ?? LATE_PROJECT_REPLY_MS,
      },
    }),
  ),
  'no-project-reply': quirk(
    'never answers `project_file` (the job still starts)',
    'quirks.md MQTT reports (replies late or never); OpenBambuAPI, ha-bambulab',
    (o) => ({ ...o, projectReply: { ...o.projectReply, drop: true } }),
  ),
  'single-session': quirk(
    'one MQTT session: a second client kicks the first off',
    'quirks.md FTPS table (A1 allows one MQTT session); models.md',
    (o) => ({ ...o, maxSessions: 1, sessionOverflow: 'kick-oldest' }),
  ),
  ...ftpsQuirkEntries((d, s, ftps) => quirk(d, s, (o) => withFtps(o, ftps))),
} as const satisfies Record<string, SimQuirk>;

export type SimQuirkName = keyof typeof SIM_QUIRKS;

export const SIM_QUIRK_NAMES = Object.keys(SIM_QUIRKS) as SimQuirkName[];

/** True for a known quirk name. */
export function isSimQuirk(name: string): name is SimQuirkName {
  return Object.hasOwn(SIM_QUIRKS, name);
}

/** `a,b` → names; throws RangeError naming the unknown one and the known ones. */
export function parseQuirks(text: string): SimQuirkName[] {
  const names = text
    .split(',')
    .map((s) => s.trim())
    .filter((s) => s !== '');
  for (const n of names) {
    if (!isSimQuirk(n)) {
      throw new RangeError(`unknown quirk "${n}" (known: ${SIM_QUIRK_NAMES.join(', ')})`);
    }
  }
  return [...new Set(names)] as SimQuirkName[];
}

/** The options with every quirk of `options.quirks` applied, in order; throws on unknown names. */
export function applyQuirks(options: VirtualPrinterOptions): VirtualPrinterOptions {
  let out = options;
  for (const name of parseQuirks((options.quirks ?? []).join(','))) {
    out = SIM_QUIRKS[name].apply(out);
  }
  return out;
}

/** `  name  summary` lines for `--help`. */
export function quirkHelp(indent = '                        '): string {
  return SIM_QUIRK_NAMES.map((n) => `${indent}${n}: ${SIM_QUIRKS[n].summary}`).join('\n');
}

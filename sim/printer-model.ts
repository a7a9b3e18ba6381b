import { encodeHms, type HmsEntry } from './hms.ts';
import type { ModelPreset } from './models.ts';
import { PrintJobMachine } from './print-job.ts';
import type { JsonObject, PrinterTemplate } from './templates.ts';

/** `fun` bit 29: commands must be signed (Developer Mode off), mqtt.md §10. */
const FUN_SIGNING = 1n << 29n;
/** HMS shown after an unsigned command was refused (hms.md §2.4). */
export const SIGNATURE_HMS = '0500_0500_0001_0007';
const AMBIENT = 25;
const DOOR_BIT = 1n << 23n;

const asObject = (v: unknown): JsonObject | undefined =>
  v !== null && typeof v === 'object' && !Array.isArray(v) ? (v as JsonObject) : undefined;

/** Packs current (low 16 bits) and target (high 16 bits) like `device.bed.info.temp`. */
export const packTemp = (current: number, target: number): number =>
  (((Math.round(target) & 0xffff) << 16) | (Math.round(current) & 0xffff)) >>> 0;

/**
 * The full state of one virtual printer: the `print` object it reports (started from a captured
 * template), the job machine and the heaters. Changes go through methods; `print` is the truth
 * that reports are cut from.
 */
export class PrinterModel {
  readonly print: JsonObject;
  readonly modules: JsonObject[];
  readonly machine: PrintJobMachine;
  requireSignature: boolean;
  private userHms: HmsEntry[] = [];
  private signatureHms = false;
  private readonly temps = { nozzle: AMBIENT, bed: AMBIENT };

  constructor(
    readonly preset: ModelPreset,
    template: PrinterTemplate,
    options: { requireSignature: boolean; transientErrorMs: number },
  ) {
    this.print = template.print;
    this.modules = template.modules;
    this.requireSignature = options.requireSignature;
    this.machine = new PrintJobMachine(preset.idleStage, options.transientErrorMs);
    const n = Number(this.print['nozzle_temper']);
    const b = Number(this.print['bed_temper']);
    if (Number.isFinite(n)) this.temps.nozzle = n;
    if (Number.isFinite(b)) this.temps.bed = b;
    this.refresh();
  }

  /** Advances the job and the heaters by `wallMs` of real time, then updates `print`. */
  step(wallMs: number, timeScale: number): void {
    this.machine.tick(wallMs, timeScale);
    const dtSec = (wallMs * timeScale) / 1000;
    this.temps.nozzle = approach(this.temps.nozzle, this.machine.targets.nozzle, dtSec, 20);
    this.temps.bed = approach(this.temps.bed, this.machine.targets.bed, dtSec, 60);
    this.refresh();
  }

  setHms(codes: readonly string[]): void {
    this.userHms = codes.map(encodeHms);
    this.refresh();
  }

  /** Door sensor: bit 23 of `stat` (H2/P2S, hex string) or of `home_flag` (X1), mqtt.md §11. */
  setDoorOpen(open: boolean): void {
    const p = this.print;
    if (typeof p['stat'] === 'string') {
      const stat = BigInt(`0x${p['stat'] || '0'}`);
      const next = open ? stat | DOOR_BIT : stat & ~DOOR_BIT;
      p['stat'] = next.toString(16).toUpperCase().padStart(p['stat'].length, '0');
    } else if (typeof p['home_flag'] === 'number') {
      const flag = p['home_flag'];
      p['home_flag'] = open ? flag | Number(DOOR_BIT) : flag & ~Number(DOOR_BIT);
    }
  }

  setRequireSignature(on: boolean): void {
    this.requireSignature = on;
    if (!on) this.signatureHms = false;
    this.refresh();
  }

  /** Records a refused unsigned command: the printer raises HMS 0500_0500_0001_0007. */
  flagSignatureRefusal(): void {
    this.signatureHms = true;
    this.refresh();
  }

  /** Writes machine, heater, HMS and capability state into `print`. */
  refresh(): void {
    const p = this.print;
    const { machine, preset } = this;
    Object.assign(p, machine.fields());
    const job = machine.job;
    const gcodeFile = !job
      ? ''
      : preset.gcodeFileStyle === 'name'
        ? job.file
        : `/data/Metadata/plate_${job.plate}.gcode`;
    p['gcode_file'] = gcodeFile;
    const dup: Record<string, unknown> = {
      file: gcodeFile,
      percent: p['mc_percent'],
      remain_time: p['mc_remaining_time'],
      prepare_per: Number(p['gcode_file_prepare_percent']),
      mc_stage: machine.busy ? 2 : 1,
    };
    for (const [key, value] of Object.entries(dup)) if (key in p) p[key] = value;

    const t = machine.targets;
    p['nozzle_temper'] = round32(this.temps.nozzle);
    p['nozzle_target_temper'] = t.nozzle;
    p['bed_temper'] = round32(this.temps.bed);
    p['bed_target_temper'] = t.bed;
    this.refreshPacked();

    const hms = [...this.userHms];
    if (this.signatureHms) hms.push(encodeHms(SIGNATURE_HMS));
    p['hms'] = hms;
    const fun = BigInt(`0x${typeof p['fun'] === 'string' && p['fun'] ? p['fun'] : '0'}`);
    const next = this.requireSignature ? fun | FUN_SIGNING : fun & ~FUN_SIGNING;
    p['fun'] = next.toString(16).toUpperCase();
    if ('t_utc' in p) p['t_utc'] = Date.now();
  }

  /** Newer firmware's packed temperatures (`device.*`), kept in step with the flat fields. */
  private refreshPacked(): void {
    const device = asObject(this.print['device']);
    if (!device) return;
    const t = this.machine.targets;
    const bedPacked = packTemp(this.temps.bed, t.bed);
    if ('bed_temp' in device) device['bed_temp'] = bedPacked;
    const bedInfo = asObject(asObject(device['bed'])?.['info']);
    if (bedInfo) bedInfo['temp'] = bedPacked;
    const extruder = asObject(device['extruder']);
    const infos = extruder?.['info'];
    if (extruder && Array.isArray(infos)) {
      const active = (Number(extruder['state']) >> 4) & 0xf;
      const entry = asObject(infos[active] ?? infos[0]);
      if (entry) entry['temp'] = packTemp(this.temps.nozzle, t.nozzle);
    }
  }
}

/** Newton-style heating/cooling toward `target` (ambient when 0) with time constant `tauSec`. */
function approach(current: number, target: number, dtSec: number, tauSec: number): number {
  const goal = target > 0 ? target : AMBIENT;
  const next = goal + (current - goal) * Math.exp(-dtSec / tauSec);
  return Math.abs(next - goal) < 0.2 ? goal : next;
}

/** Real printers report temperatures in 1/32 °C steps (e.g. 19.84375). */
const round32 = (v: number) => Math.round(v * 32) / 32;

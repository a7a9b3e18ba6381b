/**
 * The link's view of one printer: the merged `print` object, the version info and the online
 * flag, turned into a `PrinterState` by shared/normalize-state.ts. The LAN link and cloud MQTT
 * both feed every received message through `ingest`, so partial reports are handled one way.
 */
import { modelInfo } from '../../shared/models.ts';
import { normalizeState } from '../../shared/normalize-state.ts';
import type { PrinterState } from '../../shared/printer-state.ts';
import { at, int, isRawObject } from '../../shared/raw-report.ts';
import type { RawObject } from '../../shared/raw-report.ts';
import { reportOverCap, type ReportCapReason } from '../../shared/report-cap.ts';
import { isStatusReport, mergeReport, reportKind } from '../../shared/report-merge.ts';
import { parseVersionInfo } from '../../shared/version-info.ts';
import type { VersionInfo } from '../../shared/version-info.ts';

/** HMS code of "MQTT command verification failed" (mqtt.md section 10). */
export const SIGNATURE_HMS_CODE = '0500_0500_0001_0007';

export interface ApplyResult {
  /** False when a partial report arrived before any full one (ignored: nothing to merge into). */
  readonly applied: boolean;
  /**
   * True for a full report (`msg` 0, or an H2 `pushall` answer without `msg`): it makes the
   * state fresh again after a reconnect. Only `msg` 0 replaces; everything else is merged.
   */
  readonly full: boolean;
  /** `online.version` changed: modules were added or removed, `get_version` is stale. */
  readonly modulesChanged: boolean;
  /** Set when the report was dropped because it, or the state with it, passes a cap. */
  readonly overCap?: ReportCapReason;
}

/** What one received message did to the keeper (`ingest`). */
export interface IngestResult {
  /** The status report's effect; null when the message held no status report. */
  readonly report: ApplyResult | null;
  /** A `get_version` reply was taken in. */
  readonly version: VersionInfo | null;
  /** The normalized state changed. */
  readonly changed: boolean;
}

const NOTHING: ApplyResult = { applied: false, full: false, modulesChanged: false };

export class StateKeeper {
  /**
   * The merged `print` object: every report merges into it, only `msg` 0 replaces it. Kept
   * across reconnects so the state stays readable while offline.
   */
  private merged: RawObject | undefined;
  private version: VersionInfo | null = null;
  private online = false;
  private updatedAt = 0;
  private current: PrinterState | null = null;
  private fullSeen = false;
  private modulesVersion: number | null = null;

  constructor(private readonly serial: string) {}

  /** The last normalized state; null before the first report. */
  get state(): PrinterState | null {
    return this.current;
  }

  /** True once a full report arrived since the last `resetBase`. */
  get hasFullReport(): boolean {
    return this.fullSeen;
  }

  /** The merged `print` object the state is built from (kept while offline); undefined before any. */
  get print(): Readonly<RawObject> | undefined {
    return this.merged;
  }

  get versionInfo(): VersionInfo | null {
    return this.version;
  }

  /**
   * After a reconnect: the state is stale until the next full report (`hasFullReport` false).
   * Reports meanwhile still merge into the last known state; nothing is thrown away.
   */
  resetBase(): void {
    this.fullSeen = false;
  }

  /**
   * Takes in one parsed MQTT message: a `print` status report (merged) and/or an `info`
   * `get_version` reply. Command replies and other classes leave the state alone.
   */
  ingest(message: Readonly<Record<string, unknown>>, now: number): IngestResult {
    let report: ApplyResult | null = null;
    let version: VersionInfo | null = null;
    let changed = false;
    const print = message['print'];
    if (isRawObject(print) && isStatusReport(print)) {
      report = this.apply(print, now);
      changed = report.applied;
    }
    const info = message['info'];
    if (isRawObject(info) && info['command'] === 'get_version' && Array.isArray(info['module'])) {
      version = parseVersionInfo(info);
      changed = this.setVersion(version) || changed;
    }
    return { report, version, changed };
  }

  /** Merges one status report; the state is recomputed when it was applied. */
  apply(print: RawObject, now: number): ApplyResult {
    const kind = reportKind(print);
    if (kind === 'partial' && this.merged === undefined) return NOTHING;
    const full = kind !== 'partial';
    const merged = mergeReport(this.merged, print);
    const overCap = reportOverCap(merged);
    if (overCap) return { ...NOTHING, full, overCap };
    this.merged = merged;
    if (full) this.fullSeen = true;
    const modules = int(at(this.merged, 'online', 'version'));
    const modulesChanged =
      modules !== null && this.modulesVersion !== null && modules !== this.modulesVersion;
    if (modules !== null) this.modulesVersion = modules;
    this.updatedAt = now;
    this.recompute();
    return { applied: true, full, modulesChanged };
  }

  /** Keeps the parsed `get_version` reply; returns true when the state changed. */
  setVersion(version: VersionInfo): boolean {
    this.version = version;
    if (this.current === null) return false;
    this.recompute();
    return true;
  }

  /** Returns true when the state changed (and a state exists). */
  setOnline(online: boolean): boolean {
    if (this.online === online) return false;
    this.online = online;
    if (this.current === null) return false;
    this.recompute();
    return true;
  }

  /** True when the state says control commands must be signed (`fun` bit 29 or HMS 0500_0500_0001_0007). */
  requiresSignature(): boolean {
    const s = this.current;
    return s !== null && (s.controlRequiresSignature || this.signatureHms());
  }

  /** True when the HMS list carries the "command verification failed" entry. */
  signatureHms(): boolean {
    return this.current?.hms.some((h) => h.code === SIGNATURE_HMS_CODE) ?? false;
  }

  /** Raw `ams.tray_now` of the merged state (legacy global tray id), null when unknown. */
  trayNow(): number | null {
    return int(at(this.merged, 'ams', 'tray_now'));
  }

  /** H2 family and X2D have a second chamber light (`chamber_light2`, by model or in `lights_report`). */
  hasSecondChamberLight(): boolean {
    const series = modelInfo(this.current?.model ?? '')?.series;
    if (series === 'h2' || series === 'x2') return true;
    const lights = this.merged?.['lights_report'];
    return (
      Array.isArray(lights) && lights.some((l) => isRawObject(l) && l['node'] === 'chamber_light2')
    );
  }

  private recompute(): void {
    this.current = normalizeState({
      serial: this.serial,
      print: this.merged,
      online: this.online,
      version: this.version,
      updatedAt: this.updatedAt,
    });
  }
}

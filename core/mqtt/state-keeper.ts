/**
 * The link's view of one printer: the merged `print` object, the version info and the online
 * flag, turned into a `PrinterState` by shared/normalize-state.ts.
 */
import { normalizeState } from '../../shared/normalize-state.ts';
import type { PrinterState } from '../../shared/printer-state.ts';
import { at, int, num } from '../../shared/raw-report.ts';
import type { RawObject } from '../../shared/raw-report.ts';
import { reportOverCap, type ReportCapReason } from '../../shared/report-cap.ts';
import { mergeReport } from '../../shared/report-merge.ts';
import type { VersionInfo } from '../../shared/version-info.ts';

/** HMS code of "MQTT command verification failed" (mqtt.md section 10). */
export const SIGNATURE_HMS_CODE = '0500_0500_0001_0007';

export interface ApplyResult {
  /** False when a delta arrived before any full report (it is ignored: no base to apply to). */
  readonly applied: boolean;
  /** True for a full report (`msg` 0 or absent), which (re)establishes the base. */
  readonly full: boolean;
  /** `online.version` changed: modules were added or removed, `get_version` is stale. */
  readonly modulesChanged: boolean;
  /** Set when the report was dropped because it, or the state with it, passes a cap. */
  readonly overCap?: ReportCapReason;
}

export class StateKeeper {
  /** Merge base: reset on reconnect. */
  private base: RawObject | undefined;
  /** Last merged object, kept across reconnects so the state stays readable while offline. */
  private shown: RawObject | undefined;
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

  /** True once a full report arrived since the last reset. */
  get hasFullReport(): boolean {
    return this.fullSeen;
  }

  /** The merged `print` object the state is built from (kept while offline); undefined before any. */
  get print(): Readonly<RawObject> | undefined {
    return this.shown;
  }

  get versionInfo(): VersionInfo | null {
    return this.version;
  }

  /** Forgets the merge base (after a reconnect deltas need a fresh full report). */
  resetBase(): void {
    this.base = undefined;
    this.fullSeen = false;
  }

  /** Merges one status report; the state is recomputed when it was applied. */
  apply(print: RawObject, now: number): ApplyResult {
    const msg = num(print['msg']);
    const full = msg !== 1;
    if (!full && this.base === undefined) return { applied: false, full, modulesChanged: false };
    const merged = mergeReport(full ? undefined : this.base, print);
    const overCap = reportOverCap(merged);
    if (overCap) return { applied: false, full, modulesChanged: false, overCap };
    this.base = merged;
    this.shown = this.base;
    if (full) this.fullSeen = true;
    const modules = int(at(this.base, 'online', 'version'));
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
    return int(at(this.base, 'ams', 'tray_now'));
  }

  private recompute(): void {
    this.current = normalizeState({
      serial: this.serial,
      print: this.shown,
      online: this.online,
      version: this.version,
      updatedAt: this.updatedAt,
    });
  }
}

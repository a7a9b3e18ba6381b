/**
 * The command methods of a PrinterLink, on a base class so that printer-link.ts keeps to the
 * session. Every method resolves with the printer's reply or rejects with a LinkError.
 */
import { TypedEmitter } from '../util/typed-emitter.ts';
import * as cmd from './command-builders.ts';
import type { BuiltCommand, ProjectFileOptions } from './command-builders.ts';
import type { CommandReply } from './reply-tracker.ts';

export abstract class LinkCommands<
  Events extends { [K in keyof Events]: unknown[] },
> extends TypedEmitter<Events> {
  /** Sends one command built with a fresh sequence id and waits for its reply. */
  protected abstract run(make: (seq: string) => BuiltCommand): Promise<CommandReply>;

  /** Legacy global tray id feeding the nozzle now (`ams.tray_now`), null when unknown. */
  protected abstract trayNow(): number | null;

  /** True when the printer has a second chamber light strip (H2 family, X2D). */
  protected abstract hasSecondChamberLight(): boolean;

  /** Pauses the running job (valid while printing or preparing). */
  pause(): Promise<CommandReply> {
    return this.run((seq) => cmd.buildPause(seq));
  }

  /** Resumes a paused job. */
  resume(): Promise<CommandReply> {
    return this.run((seq) => cmd.buildResume(seq));
  }

  /** Cancels the job: the printer shows FAILED with print_error 0300_400C for a few seconds. */
  stop(): Promise<CommandReply> {
    return this.run((seq) => cmd.buildStop(seq));
  }

  /** 1 silent, 2 standard, 3 sport, 4 ludicrous. */
  setSpeedLevel(level: cmd.SpeedLevel): Promise<CommandReply> {
    return this.run((seq) => cmd.buildSpeedLevel(seq, level));
  }

  setLight(node: cmd.LightNode, mode: cmd.LightModeCommand): Promise<CommandReply> {
    return this.run((seq) => cmd.buildLight(seq, node, mode));
  }

  /**
   * The chamber light: `chamber_light`, and on H2/X2D `chamber_light2` too (their second strip,
   * quirks.md), both sent at once; resolves with the first strip's reply.
   */
  async setChamberLight(mode: cmd.LightModeCommand): Promise<CommandReply> {
    const first = this.run((seq) => cmd.buildLight(seq, 'chamber_light', mode));
    if (!this.hasSecondChamberLight()) return first;
    const second = this.run((seq) => cmd.buildLight(seq, 'chamber_light2', mode));
    const [reply] = await Promise.all([first, second]);
    return reply;
  }

  /** One or more G-code lines (`\n`-separated). */
  sendGcode(gcode: string): Promise<CommandReply> {
    return this.run((seq) => cmd.buildGcode(seq, gcode));
  }

  /** Loads filament from an AMS slot (or the external spool, `amsId` 254/255). */
  amsLoad(opts: cmd.AmsLoadOptions): Promise<CommandReply> {
    return this.run((seq) => cmd.buildAmsLoad(seq, opts));
  }

  /** Unloads the filament; `amsId` defaults to the unit feeding the nozzle now. */
  amsUnload(opts: cmd.AmsUnloadOptions = {}): Promise<CommandReply> {
    const amsId = opts.amsId ?? unitOfTray(this.trayNow());
    return this.run((seq) => cmd.buildAmsUnload(seq, { ...opts, amsId }));
  }

  amsControl(param: cmd.AmsControlParam): Promise<CommandReply> {
    return this.run((seq) => cmd.buildAmsControl(seq, param));
  }

  /** Skips objects of the running job by `identify_id` (from the 3MF's slice_info.config). */
  skipObjects(ids: readonly number[]): Promise<CommandReply> {
    return this.run((seq) => cmd.buildSkipObjects(seq, ids));
  }

  /** Starts a sliced 3MF already on the printer's storage (mqtt.md 9.4). */
  printProjectFile(opts: ProjectFileOptions): Promise<CommandReply> {
    return this.run((seq) => cmd.buildProjectFile(seq, opts));
  }
}

/** AMS unit of a legacy global tray id (`tray_now`); 255 (external / unknown) otherwise. */
export function unitOfTray(tray: number | null): number {
  if (tray === null) return 255;
  if (tray >= 0 && tray < 16) return Math.floor(tray / 4);
  if (tray >= 128 && tray <= 135) return tray;
  return 255;
}

/**
 * The public face of a virtual printer, agreed between sim/ and the tests that drive it.
 * Implemented by `startVirtualPrinter` in virtual-printer.ts.
 */

/** Models the simulator can play, named as Farmdeck names products. */
export type SimModel = 'X1C' | 'X1E' | 'P1S' | 'P1P' | 'A1' | 'A1 mini' | 'H2D' | 'P2S';

export interface VirtualPrinterOptions {
  model: SimModel;
  /** Default: a serial with the model's real prefix and random digits. */
  serial?: string;
  /** Default: 8 random digits. */
  accessCode?: string;
  /** Default 127.0.0.1. */
  host?: string;
  /** MQTT/TLS port; 0 (default) picks a free one. */
  mqttPort?: number;
  /** Report interval while active, ms (default 1000; tests use less). */
  reportIntervalMs?: number;
  /** Speed factor for the simulated print clock (default 1; tests use e.g. 600). */
  timeScale?: number;
  /** Start in the mode that refuses unsigned control commands, like authorization firmware. */
  requireSignature?: boolean;
  /** Display name (used by the demo). */
  name?: string;
}

export type FaultKind =
  /** Close every client socket abruptly. */
  | 'drop'
  /** Stop sending anything until `heal()` (connections stay open). */
  | 'silent'
  /** Send one report that is not valid JSON. */
  | 'malformed'
  /** Send one report larger than 4 MB. */
  | 'oversized';

export interface SimJob {
  /** File name on storage, e.g. `cube.gcode.3mf`. */
  file: string;
  /** 1-based plate. */
  plate?: number;
  totalLayers?: number;
  /** Predicted print time at speed level 2, minutes. */
  minutes?: number;
}

export interface SimHms {
  /** `XXXX_XXXX_XXXX_XXXX`. */
  code: string;
}

export interface VirtualPrinter {
  readonly model: SimModel;
  readonly serial: string;
  readonly accessCode: string;
  readonly host: string;
  readonly mqttPort: number;
  /** PEM of the self-signed certificate (CN = serial) the broker presents, for clients that verify. */
  readonly certificatePem: string;
  /** Every command received on `device/<serial>/request`, parsed, in order. */
  readonly received: readonly Record<string, unknown>[];
  /** Start a job directly (as if the printer's screen started it). */
  startJob(job: SimJob): void;
  setHms(entries: readonly SimHms[]): void;
  setRequireSignature(on: boolean): void;
  inject(fault: FaultKind): void;
  /** End a 'silent' fault. */
  heal(): void;
  close(): Promise<void>;
}

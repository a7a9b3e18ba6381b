/**
 * The public face of a virtual printer, agreed between sim/ and the tests that drive it.
 * Implemented by `startVirtualPrinter` in virtual-printer.ts.
 */
import type { VirtualCameraOptions } from './camera/printer-camera.ts';
import type { SimCertificate } from './certificate.ts';
import type { VirtualFtps } from './ftps/ftps-server.ts';

export type { VirtualCameraOptions };

/** Models the simulator can play, named as Farmdeck names products. */
export type SimModel = 'X1C' | 'X1E' | 'P1S' | 'P1P' | 'A1' | 'A1 mini' | 'A2L' | 'H2D' | 'P2S';

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
  /**
   * CA that signs the printer's certificate, like Bambu's printer CA signs real ones (see
   * `createSimCa`); default: a self-signed certificate per printer.
   */
  issuer?: SimCertificate;
  /**
   * Serve the printer's camera (off by default): the JPEG protocol over TLS on A1/P1 models, RTSPS
   * on X1/H2/P2S (encoded once with ffmpeg). `true` for the defaults.
   */
  camera?: boolean | VirtualCameraOptions;
  /** Report interval while idle, ms (default 4 × reportIntervalMs). */
  idleReportIntervalMs?: number;
  /** Simultaneous MQTT sessions accepted (default per model: 4, A1/A1 mini 1); more get CONNACK 3. */
  maxSessions?: number;
  /**
   * Directory playing the printer's storage: when set, `project_file` needs its `url` file to exist
   * there (else FAILED + print_error 0x0500C010); when not set, any file is accepted.
   */
  storageDir?: string;
  /**
   * Job parameters for a job's file and 1-based plate (e.g. read from the 3MF). `file` is the path
   * relative to the storage root when the `project_file` url names one (`ftp:///dir/x.3mf` →
   * `dir/x.3mf`), else the file name. Fields left out derive from the name.
   */
  resolveJob?: (
    file: string,
    plate: number,
  ) =>
    | { totalLayers?: number; minutes?: number }
    | undefined
    | Promise<{ totalLayers?: number; minutes?: number } | undefined>;
  /**
   * Serve the printer's storage over implicit FTPS (sim/ftps), like a real printer on port 990:
   * `storageDir` (or a temporary folder) is the card, `project_file` reads the uploaded plate.
   */
  ftps?: boolean | VirtualPrinterFtpsOptions;
  /** How `push_status` reports are cut (default per model: full on X1/H2/P2S, deltas on P1/A1). */
  reports?: SimReportOptions;
  /**
   * `project_file` replies: sent `delayMs` late, or never (`drop`); the job starts regardless,
   * `jobDelayMs` after the request (default at once; a slow card takes longer).
   */
  projectReply?: { delayMs?: number; drop?: boolean; jobDelayMs?: number };
  /**
   * A session beyond `maxSessions`: refused with CONNACK 3 (`refuse`, default) or accepted while the
   * oldest one is disconnected (`kick-oldest`, as an A1 does).
   */
  sessionOverflow?: 'refuse' | 'kick-oldest';
  /**
   * Quirks of real printers by name (`SIM_QUIRKS` in sim/quirks.ts: `no-msg`, `p1-deltas`...),
   * applied over the options above; an unknown name fails the start.
   */
  quirks?: readonly string[];
}

export interface SimReportOptions {
  /** `full`: the whole object on every push; `delta`: only the changed keys. */
  style?: 'full' | 'delta';
  /** False: no `msg` field at all (H2-family partial reports). Default true. */
  msg?: boolean;
  /** With `delta`: a full report also every this many ms (P1 "every few minutes"). */
  fullEveryMs?: number;
}

/** MQTT sessions seen by the printer's broker. */
export interface SimSessionStats {
  /** Connected now. */
  readonly current: number;
  /** Most connected at once since start. */
  readonly peak: number;
  /** Sessions disconnected because a newer one took their place (`kick-oldest`). */
  readonly kicked: number;
}

export type FaultKind =
  /** Close every client socket abruptly. */
  | 'drop'
  /** Stop sending anything until `heal()` (connections stay open). */
  | 'silent'
  /** Send one report that is not valid JSON. */
  | 'malformed'
  /** Send one report larger than 4 MB. */
  | 'oversized'
  /** Stream one 200 MB report straight onto the sockets (the printer holds no reports meanwhile). */
  | 'flood';

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
  /** Camera port (JPEG/TLS or RTSPS by model), null unless started with `camera`. */
  readonly cameraPort: number | null;
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
  /** Opens or closes the door (`stat` bit 23 on H2/P2S, `home_flag` bit 23 on X1), pushed at once. */
  setDoorOpen(open: boolean): void;
  /** MQTT sessions of the broker. */
  sessionStats(): SimSessionStats;
  /** FTPS port, when started with `ftps`. */
  readonly ftpsPort?: number;
  /** Counters of the FTPS server (uploads, hung data channels, RNFR seen), when started with `ftps`. */
  readonly ftpsStats?: VirtualFtps['stats'];
  /** Folder playing the storage card (`storageDir`, or the temporary one made for `ftps`). */
  readonly storageDir?: string;
  close(): Promise<void>;
}

/** FTPS settings of a virtual printer (all optional). */
export interface VirtualPrinterFtpsOptions {
  /** Default 0 (a free port). */
  port?: number;
  /** Card size in bytes (default 32 GiB): uploads past it get 552. */
  capacityBytes?: number;
  /** False: no card inserted (uploads get 553). */
  storagePresent?: boolean;
  /** Refuse data connections without TLS session reuse, like an X1 (default true). */
  requireSessionReuse?: boolean;
  /** Refuse `RNFR`/`RNTO` with 550, like P1S servers where rename fails (quirk `no-rename`). */
  refuseRename?: boolean;
  /** Hang every encrypted (`PROT P`) data channel, like some A1 firmware (quirk `hang-prot-p`). */
  hangEncryptedData?: boolean;
}

import { z } from 'zod';
import { FarmError } from './result.ts';
import type { PrinterState } from '../printer-state.ts';
import { PrinterStateSchema } from './printer-state-schema.ts';
import { PrinterQueueInfo } from './printer-queue-schema.ts';

/** Engine-assigned printer id (opaque; stable across restarts). */
export const PrinterId = z.string().min(1).max(64);
export type PrinterId = z.infer<typeof PrinterId>;

/** Host name or IP address, without scheme or port. */
const HostName = z
  .string()
  .trim()
  .min(1, "enter the printer's IP address or host name")
  .max(253)
  .regex(/^[A-Za-z0-9.:[\]_-]+$/, 'use an IP address or host name only (no http://, no spaces)');

/** Bambu serial numbers: 15 upper-case letters/digits (older ones vary: 8-20 accepted). */
const Serial = z
  .string()
  .trim()
  .toUpperCase()
  .regex(
    /^[0-9A-Z]{8,20}$/,
    'the serial has 8-20 letters and digits (printer screen: Settings > Device)',
  );

/**
 * LAN access code as shown on the printer's screen: 8 digits (newer firmware: letters too). Accepted
 * as every protocol can carry it: at most 32 printable ASCII characters without spaces, because the
 * JPEG camera's login has a 32-byte ASCII field and FTPS sends it on one command line.
 */
export const AccessCode = z
  .string()
  .trim()
  .min(1, "enter the LAN access code from the printer's screen")
  .max(32, "the access code is 8 characters (printer's screen: Settings > LAN only)")
  .regex(
    /^[\x21-\x7e]+$/,
    "the access code has only letters and digits (printer's screen: Settings > LAN only)",
  );

const Port = z.number().int().min(1).max(65535);

/**
 * How the engine trusts the printer's TLS certificate.
 * `bambu-ca`: Bambu's printer CAs (real printers); `custom-ca`: a PEM you provide (e.g. a virtual printer's);
 * `skip-verification`: encrypt but accept any certificate (only for printers you know, e.g. a test farm).
 */
export const TlsTrust = z.discriminatedUnion('mode', [
  z.object({ mode: z.literal('bambu-ca') }),
  z.object({ mode: z.literal('skip-verification') }),
  z.object({ mode: z.literal('custom-ca'), caPem: z.string().min(1).max(65536) }),
]);
export type TlsTrust = z.infer<typeof TlsTrust>;

/** What a person enters to add a printer over LAN. */
export const PrinterInput = z.object({
  name: z.string().trim().min(1, 'give the printer a name').max(64),
  host: HostName,
  /** MQTT/TLS port; 8883 on real printers. */
  port: Port.optional(),
  serial: Serial,
  accessCode: AccessCode,
  tls: TlsTrust.optional(),
  /** Camera port; absent = the model's default (6000 JPEG, 322 RTSP). Virtual printers use others. */
  cameraPort: Port.optional(),
  /** FTPS port (file uploads); absent = 990. Virtual printers use others. */
  ftpsPort: Port.optional(),
});
export type PrinterInput = z.infer<typeof PrinterInput>;

/** Changes to a printer; an absent field is left as it is (an absent access code keeps the stored one). */
export const PrinterChanges = z.object({
  name: PrinterInput.shape.name.optional(),
  host: HostName.optional(),
  port: Port.optional(),
  serial: Serial.optional(),
  accessCode: AccessCode.optional(),
  tls: TlsTrust.optional(),
  cameraPort: Port.optional(),
  ftpsPort: Port.optional(),
});
export type PrinterChanges = z.infer<typeof PrinterChanges>;

/** A connection test before (or after) saving: `id` lets an edit reuse the stored access code. */
export const ConnectionTestInput = z.object({
  id: PrinterId.optional(),
  host: HostName,
  port: Port.optional(),
  serial: Serial,
  accessCode: AccessCode.optional(),
  tls: TlsTrust.optional(),
});
export type ConnectionTestInput = z.infer<typeof ConnectionTestInput>;

export const ConnectionCheck = z.object({
  check: z.enum(['mqtt-login', 'status-report', 'control']),
  outcome: z.enum(['passed', 'failed', 'skipped']),
  /** What was found and, when it failed, what to do. */
  message: z.string(),
});
export type ConnectionCheck = z.infer<typeof ConnectionCheck>;

export const ConnectionTestReport = z.object({
  /** True when the printer can be monitored (login and status report passed). */
  ok: z.boolean(),
  checks: z.array(ConnectionCheck),
  model: z.string().nullable(),
  firmware: z.string().nullable(),
});
export type ConnectionTestReport = z.infer<typeof ConnectionTestReport>;

/**
 * Why a printer is not online:
 * - `silent`: connected, but it sent nothing for the silence window (the error says how long);
 * - `login-refused`: the access code was rejected;
 * - `tls`: its certificate is not trusted, or TLS itself failed;
 * - `wrong-serial`: another printer answered at that address;
 * - `network`: it cannot be reached, or the connection was lost (refused, no route, timeout);
 * - `stopped`: Farmdeck closed the session (printer removed, shutting down).
 */
export const OfflineReason = z.enum([
  'silent',
  'login-refused',
  'tls',
  'wrong-serial',
  'network',
  'stopped',
]);
export type OfflineReason = z.infer<typeof OfflineReason>;

/** The engine's session with one printer. `since` is ms since epoch when this status began. */
export const ConnectionView = z.object({
  status: z.enum(['connecting', 'online', 'offline', 'auth-failed', 'tls-untrusted']),
  since: z.number(),
  error: FarmError.nullable(),
  /** Set whenever `status` is `offline`, `auth-failed` or `tls-untrusted`. */
  reason: OfflineReason.optional(),
});

/**
 * Reports from a printer that were dropped, counted by why since the session started:
 * `oversized` (over the message limit, skipped before it was buffered), `malformed` (not a JSON
 * object), `too-many-keys` / `too-large` (the merged state would pass its caps).
 */
export const ReportDrops = z.object({
  oversized: z.number().int().nonnegative(),
  malformed: z.number().int().nonnegative(),
  'too-many-keys': z.number().int().nonnegative(),
  'too-large': z.number().int().nonnegative(),
});
export type ReportDrops = z.infer<typeof ReportDrops>;
export type ReportDropReason = keyof ReportDrops;
export type ConnectionView = z.infer<typeof ConnectionView>;
export type ConnectionStatus = ConnectionView['status'];

/** Whether the printer accepts control commands from Farmdeck. */
export const ControlAccess = z.enum(['unknown', 'allowed', 'refused']);
export type ControlAccess = z.infer<typeof ControlAccess>;

/** One printer as the UI sees it: settings without secrets, connection, control access, latest state. */
export const PrinterView = z.object({
  id: PrinterId,
  name: z.string(),
  host: z.string(),
  port: z.number(),
  serial: z.string(),
  /** The access code never leaves the engine; this says one is stored. */
  hasAccessCode: z.boolean(),
  tlsMode: z.enum(['bambu-ca', 'skip-verification', 'custom-ca']),
  connection: ConnectionView,
  control: ControlAccess,
  state: PrinterStateSchema.nullable(),
  /** Where `state` comes from when a cloud account knows the printer: LAN when reachable, else cloud. */
  via: z.enum(['lan', 'cloud']).optional(),
  /** FTPS port when it is not the standard 990. */
  ftpsPort: Port.optional(),
  /** Camera port when it is not the model's default (6000 JPEG, 322 RTSP). */
  cameraPort: Port.optional(),
  /**
   * FTPS data channel for uploads: `private` (`PROT P`, encrypted), `clear` (`PROT C`: learned
   * when the printer's encrypted data channel hung, as on some A1 firmware; the control channel
   * stays TLS), `auto` (encrypted first, clear if it hangs: A1 family and unknown models).
   */
  ftpsDataChannel: z.enum(['private', 'clear', 'auto']).optional(),
  /** Present once a report from this printer was dropped. */
  reportDrops: ReportDrops.optional(),
  /** Bed, groups, dispatch exclusion: present when the farm has a queue (a database). */
  queue: PrinterQueueInfo.optional(),
});
export type PrinterView = Omit<z.infer<typeof PrinterView>, 'state'> & {
  /** Latest merged state (kept with `online: false` while disconnected); null before the first report. */
  state: PrinterState | null;
};

/** The whole farm at `seq`: batches with seq + 1, seq + 2 ... follow. */
export const FarmSnapshot = z.object({ seq: z.number().int(), printers: z.array(PrinterView) });
export interface FarmSnapshot {
  seq: number;
  printers: PrinterView[];
}

/**
 * Coalesced changes: the latest view of every printer that changed since the previous batch, and ids removed.
 * `seq` increases by exactly 1 per batch; a gap means a batch was missed and the snapshot must be fetched.
 */
export const PrinterPatchBatch = z.object({
  seq: z.number().int(),
  printers: z.array(PrinterView),
  removed: z.array(PrinterId),
});
export interface PrinterPatchBatch {
  seq: number;
  printers: PrinterView[];
  removed: PrinterId[];
}

/** Commands the UI sends to one printer. */
export const PrinterCommand = z.discriminatedUnion('type', [
  z.object({ type: z.literal('pause') }),
  z.object({ type: z.literal('resume') }),
  z.object({ type: z.literal('stop') }),
  /** 1 silent, 2 standard, 3 sport, 4 ludicrous. */
  z.object({
    type: z.literal('speed'),
    level: z.union([z.literal(1), z.literal(2), z.literal(3), z.literal(4)]),
  }),
  z.object({ type: z.literal('chamber-light'), mode: z.enum(['on', 'off']) }),
]);
export type PrinterCommand = z.infer<typeof PrinterCommand>;

/** The printer's answer to a command. */
export const CommandAck = z.object({ command: z.string(), result: z.string() });
export type CommandAck = z.infer<typeof CommandAck>;

/** One temperature sample, °C (null when not reported). `t` is ms since epoch. */
export const TemperatureSample = z.object({
  t: z.number(),
  nozzle: z.number().nullable(),
  nozzleTarget: z.number().nullable(),
  bed: z.number().nullable(),
  bedTarget: z.number().nullable(),
  chamber: z.number().nullable(),
});
export type TemperatureSample = z.infer<typeof TemperatureSample>;

/** Temperatures of the last 30 minutes, oldest first. */
export const TemperatureHistory = z.object({ id: PrinterId, samples: z.array(TemperatureSample) });
export type TemperatureHistory = z.infer<typeof TemperatureHistory>;

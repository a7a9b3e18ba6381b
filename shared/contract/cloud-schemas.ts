import { z } from 'zod';
import { FarmError } from './result.ts';
import { PrinterId, PrinterInput, PrinterView } from './farm-schemas.ts';

/** Bambu cloud region: `global` (bambulab.com) or `china` (bambulab.cn). */
export const CloudRegionInput = z.enum(['global', 'china']);
export type CloudRegionInput = z.infer<typeof CloudRegionInput>;

const Email = z.string().trim().min(3, 'enter the email address of your Bambu account').max(254);

/** Start of a login: where, and who. */
export const CloudLoginStart = z.object({ region: CloudRegionInput, email: Email });
export type CloudLoginStart = z.infer<typeof CloudLoginStart>;

export const CloudPasswordLogin = CloudLoginStart.extend({
  password: z.string().min(1, 'enter the password').max(256),
});
export type CloudPasswordLogin = z.infer<typeof CloudPasswordLogin>;

/** The emailed code, or the authenticator (TOTP) code when the account asked for one. */
export const CloudCode = z
  .string()
  .trim()
  .regex(/^\d{4,8}$/, 'enter the code: 4 to 8 digits');

/** Adds one of the account's printers to the farm over LAN; the access code comes from the cloud. */
export const CloudAddPrinter = z.object({
  serial: z.string().trim().toUpperCase().min(8).max(20),
  host: PrinterInput.shape.host,
  name: z.string().trim().min(1).max(64).optional(),
});
export type CloudAddPrinter = z.infer<typeof CloudAddPrinter>;

/** Path a farm printer's state comes from: the LAN session, or the account's cloud MQTT. */
export const PrinterPath = z.enum(['lan', 'cloud']);
export type PrinterPath = z.infer<typeof PrinterPath>;

/** One printer bound to the account, as the cloud reports it. */
export const CloudPrinterView = z.object({
  serial: z.string(),
  name: z.string(),
  /** Product name as the cloud spells it (`P1S`, `X1 Carbon`), null when not sent. */
  model: z.string().nullable(),
  /** Online as the cloud sees it (cloud MQTT, else the device list). */
  online: z.boolean(),
  /** Job state in words (`Printing`, `Idle`, ...) from cloud MQTT, else the list's `print_status`. */
  status: z.string().nullable(),
  progress: z.number().nullable(),
  /** Id of the farm printer with this serial, null when it is not in the farm. */
  farmId: PrinterId.nullable(),
  /** Where the farm printer's state comes from right now; null when not in the farm. */
  path: PrinterPath.nullable(),
  /** True when the cloud sent a LAN access code (so "Add to farm" needs only the address). */
  hasAccessCode: z.boolean(),
});
export type CloudPrinterView = z.infer<typeof CloudPrinterView>;

/**
 * The account as the UI sees it. `awaiting-code`: a code was emailed (or the password step asked for one);
 * `awaiting-totp`: the account uses an authenticator app. Never contains the token.
 */
export const CloudAccountView = z.object({
  status: z.enum(['signed-out', 'awaiting-code', 'awaiting-totp', 'signed-in']),
  region: CloudRegionInput,
  email: z.string().nullable(),
  /** The account's cloud MQTT connection; null when signed out. */
  mqtt: z.enum(['connecting', 'connected', 'disconnected', 'auth-failed', 'closed']).nullable(),
  printers: z.array(CloudPrinterView),
  /** The last failure (login refused, cloud unreachable...), with what to do. */
  error: FarmError.nullable(),
});
export type CloudAccountView = z.infer<typeof CloudAccountView>;

export const cloudRequestSchemas = {
  'cloud:get-account': { input: z.tuple([]), output: CloudAccountView },
  'cloud:request-code': { input: z.tuple([CloudLoginStart]), output: CloudAccountView },
  'cloud:login-password': { input: z.tuple([CloudPasswordLogin]), output: CloudAccountView },
  'cloud:submit-code': { input: z.tuple([CloudCode]), output: CloudAccountView },
  'cloud:logout': { input: z.tuple([]), output: CloudAccountView },
  'cloud:add-printer': { input: z.tuple([CloudAddPrinter]), output: PrinterView },
};

export interface CloudRequestValues {
  'cloud:get-account': CloudAccountView;
  'cloud:request-code': CloudAccountView;
  'cloud:login-password': CloudAccountView;
  'cloud:submit-code': CloudAccountView;
  'cloud:logout': CloudAccountView;
  'cloud:add-printer': PrinterView;
}

export const cloudEventSchemas = { 'cloud:changed': CloudAccountView };

export interface CloudEventValues {
  'cloud:changed': CloudAccountView;
}

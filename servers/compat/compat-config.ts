/**
 * The compatibility server's configuration file: the seed project's `compatibility_config.json`
 * (`devices[]` with `serial`, `access_code`, `name`; `username` and `auth_token` for the cloud)
 * plus, per device, `host` (LAN connection), `port`, `insecure` and `ca_file`.
 */
import { readFile } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import { z } from 'zod';
import type { LinkTarget, TlsTrust } from '../../core/mqtt/printer-link.ts';
import { parseMqttUrl } from '../../core/cloud/mqtt-url.ts';
import { AccessCode } from '../../shared/contract/farm-schemas.ts';

const Serial = z
  .string()
  .trim()
  .regex(/^[A-Za-z0-9][A-Za-z0-9_-]{0,63}$/, 'must be a printer serial (letters and digits)');

const DeviceEntry = z.object({
  serial: Serial,
  access_code: AccessCode.optional(),
  name: z.string().trim().min(1).max(200).optional(),
  host: z.string().trim().min(1, 'must not be empty').optional(),
  port: z.number().int().min(1).max(65535).optional(),
  insecure: z.boolean().optional(),
  ca_file: z.string().min(1).optional(),
});

const ConfigFile = z.object({
  devices: z.array(DeviceEntry).min(1, 'must list at least one printer').max(500),
  username: z.string().trim().optional(),
  auth_token: z.string().trim().optional(),
  region: z.enum(['global', 'china']).optional(),
  cloud_mqtt_url: z.string().optional(),
  cloud_ca_file: z.string().min(1).optional(),
  cloud_insecure: z.boolean().optional(),
});

/** One printer the server serves. */
export interface CompatDevice {
  readonly serial: string;
  readonly name: string;
  /** How the server reaches it: the printer's own broker, or the Bambu cloud. */
  readonly connection: 'lan' | 'cloud';
  readonly target: LinkTarget;
  readonly tls: TlsTrust;
}

/** The configuration after parsing and resolving files. */
export interface CompatConfig {
  readonly devices: readonly CompatDevice[];
  /** Access codes and the token: masked in every log line and answer. */
  readonly secrets: readonly string[];
}

/** A configuration mistake; the message names the file and the field. */
export class ConfigError extends Error {
  override readonly name = 'ConfigError';
}

/** Reads and parses the configuration file at `path`. */
export async function loadCompatConfig(path: string): Promise<CompatConfig> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code ?? 'error';
    throw new ConfigError(`cannot read the configuration file ${path} (${code})`);
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    throw new ConfigError(`the configuration file ${path} is not valid JSON`);
  }
  return parseCompatConfig(json, { source: path, baseDir: dirname(path), readText });
}

async function readText(path: string): Promise<string> {
  return readFile(path, 'utf8');
}

/** Where a parsed configuration came from, to resolve relative paths and name it in errors. */
export interface ConfigContext {
  source: string;
  baseDir: string;
  readText: (path: string) => Promise<string>;
}

/** Validates a parsed configuration object and builds the link targets. */
export async function parseCompatConfig(json: unknown, ctx: ConfigContext): Promise<CompatConfig> {
  const parsed = ConfigFile.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const where = issue?.path.map((p) => (typeof p === 'number' ? `[${p}]` : `.${String(p)}`));
    const field = (where?.join('') ?? '').replace(/^\./, '') || 'the top level';
    throw new ConfigError(`${ctx.source}: ${field} ${issue?.message ?? 'is invalid'}`);
  }
  const file = parsed.data;
  const secrets: string[] = [];
  const seen = new Set<string>();
  const devices: CompatDevice[] = [];
  const cloudTls = await cloudTrust(file, ctx);
  for (const [i, d] of file.devices.entries()) {
    const serial = d.serial.toUpperCase();
    if (seen.has(serial)) throw new ConfigError(`${ctx.source}: printer ${serial} is listed twice`);
    seen.add(serial);
    if (d.access_code !== undefined) secrets.push(d.access_code);
    const name = d.name ?? serial;
    if (d.host !== undefined) {
      if (d.access_code === undefined) {
        throw new ConfigError(
          `${ctx.source}: devices[${i}].access_code is missing: a LAN printer needs the access code from its screen`,
        );
      }
      const target: LinkTarget = { kind: 'local', host: d.host, serial, accessCode: d.access_code };
      if (d.port !== undefined) target.port = d.port;
      const tls = await deviceTrust(d, i, ctx);
      devices.push({ serial, name, connection: 'lan', target, tls });
    } else {
      const token = file.auth_token ?? '';
      const uid = (file.username ?? '').replace(/^u_/, '');
      if (token === '' || !/^\d+$/.test(uid)) {
        throw new ConfigError(
          `${ctx.source}: devices[${i}] has no host, so it is reached through the Bambu cloud: ` +
            'set "username" (u_<your numeric user id>) and "auth_token", or give the printer\'s "host"',
        );
      }
      const target: LinkTarget = {
        kind: 'cloud',
        region: file.region ?? 'global',
        uid,
        token,
        serial,
      };
      if (file.cloud_mqtt_url !== undefined)
        Object.assign(target, cloudMqttUrl(file.cloud_mqtt_url, ctx));
      devices.push({ serial, name, connection: 'cloud', target, tls: cloudTls });
    }
  }
  if (file.auth_token) secrets.push(file.auth_token);
  return { devices, secrets };
}

async function deviceTrust(
  d: z.infer<typeof DeviceEntry>,
  i: number,
  ctx: ConfigContext,
): Promise<TlsTrust> {
  if (d.insecure && d.ca_file !== undefined) {
    throw new ConfigError(`${ctx.source}: devices[${i}] sets both insecure and ca_file: use one`);
  }
  if (d.insecure) return { insecure: true };
  if (d.ca_file === undefined) return {};
  return { ca: await readPem(d.ca_file, `devices[${i}].ca_file`, ctx) };
}

async function cloudTrust(file: z.infer<typeof ConfigFile>, ctx: ConfigContext): Promise<TlsTrust> {
  if (file.cloud_insecure) return { insecure: true };
  if (file.cloud_ca_file === undefined) return {};
  return { ca: await readPem(file.cloud_ca_file, 'cloud_ca_file', ctx) };
}

async function readPem(path: string, field: string, ctx: ConfigContext): Promise<string> {
  const full = resolve(ctx.baseDir, path);
  let pem: string;
  try {
    pem = await ctx.readText(full);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code ?? 'error';
    throw new ConfigError(`${ctx.source}: ${field} ${full} cannot be read (${code})`);
  }
  if (!pem.includes('-----BEGIN CERTIFICATE-----')) {
    throw new ConfigError(`${ctx.source}: ${field} ${full} holds no PEM certificate`);
  }
  return pem;
}

function cloudMqttUrl(text: string, ctx: ConfigContext): { host: string; port: number } {
  try {
    return parseMqttUrl(text);
  } catch {
    throw new ConfigError(`${ctx.source}: cloud_mqtt_url must be mqtts://HOST:PORT`);
  }
}

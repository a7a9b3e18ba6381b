/**
 * bambu-query: reads the account's printers, print status, profile, history, firmware and
 * (over cloud MQTT) the live AMS of one printer. Token from the argument, BAMBU_TOKEN, or the
 * file bambu-login saved.
 */
import { readFileSync } from 'node:fs';
import { CloudClient } from '../core/cloud/cloud-client.ts';
import { CloudMqttConnection } from '../core/cloud/cloud-mqtt.ts';
import { isCloudRegion, type CloudRegion } from '../core/cloud/endpoints.ts';
import { defaultTokenPath, loadToken } from '../core/cloud/token-file.ts';
import { parseToolArgs, UsageError } from './args.ts';
import {
  formatAms,
  formatDevices,
  formatFirmware,
  formatProfile,
  formatProjects,
  formatStatus,
  formatTasks,
} from './cloud-format.ts';
import {
  CLOUD_EXIT_HELP,
  exitCodeForCloudError,
  maskSecret,
  type CloudToolIo,
} from './cloud-io.ts';
import { EXIT, type ExitCode } from './exit-codes.ts';

export const QUERY_USAGE = `Usage: bambu-query [TOKEN] [sections] [options]

Reads your Bambu Lab account. TOKEN defaults to $BAMBU_TOKEN, then to the login saved by
bambu-login. Without a section, --devices is shown.

Sections:
  --devices          printers bound to the account (access codes masked; see --show-codes)
  --status           each printer's current cloud print job
  --profile          account name, uid (the cloud MQTT user) and printer models
  --tasks            print history, newest first (--limit N, default 20; --device SERIAL)
  --projects         cloud projects
  --firmware         firmware versions and available updates (--device SERIAL for one)
  --ams DEVICE       live AMS trays of one printer, read over cloud MQTT

Options:
  --json             one JSON object with a key per section
  --device SERIAL    only this printer (--devices, --tasks, --firmware, --status)
  --limit N          number of history entries (default 20)
  --show-codes       show LAN access codes in full
  --region R         global or china (default: the saved login's, else global)
  --token-file FILE  saved login to read (default $BAMBU_TOKEN_FILE or ~/.bambu_token)
  --api-url URL      another cloud REST endpoint (e.g. the virtual cloud)
  --mqtt-url URL     another cloud MQTT broker, mqtts://HOST:PORT (for --ams)
  --mqtt-ca FILE     trust this CA certificate (PEM) for the broker (e.g. the virtual cloud's)
  --timeout SEC      wait this long for the --ams report (default 20)
  -h, --help         this text

${CLOUD_EXIT_HELP}`;

const FLAGS = {
  devices: { type: 'boolean' },
  status: { type: 'boolean' },
  profile: { type: 'boolean' },
  tasks: { type: 'boolean' },
  projects: { type: 'boolean' },
  firmware: { type: 'boolean' },
  ams: { type: 'string' },
  json: { type: 'boolean' },
  device: { type: 'string' },
  limit: { type: 'string' },
  'show-codes': { type: 'boolean' },
  region: { type: 'string' },
  'token-file': { type: 'string' },
  'api-url': { type: 'string' },
  'mqtt-url': { type: 'string' },
  'mqtt-ca': { type: 'string' },
  timeout: { type: 'string' },
  help: { type: 'boolean', short: 'h' },
} as const;

/** Runs bambu-query with `argv` (without node and script); resolves to the exit code. */
export async function runQuery(argv: string[], io: CloudToolIo): Promise<ExitCode> {
  try {
    const { values: v, positionals } = parseToolArgs(argv, FLAGS);
    if (v.help === true) {
      io.stdout(QUERY_USAGE);
      return EXIT.ok;
    }
    if (positionals.length > 1) throw new UsageError('give at most one TOKEN argument');
    const { token, region } = await resolveToken(positionals[0], v, io);
    const apiUrl = v['api-url'];
    const client = new CloudClient({ token, region, ...(apiUrl === undefined ? {} : { apiUrl }) });
    const limit = v.limit === undefined ? 20 : Number(v.limit);
    if (!Number.isInteger(limit) || limit < 1)
      throw new UsageError('--limit must be a positive whole number');
    const only = v.device;
    const wantDevices =
      v.devices === true ||
      (![v.status, v.profile, v.tasks, v.projects, v.firmware].includes(true) &&
        v.ams === undefined);

    const out: Record<string, unknown> = {};
    const lines: string[] = [];
    if (wantDevices) {
      const devices = (await client.listDevices())
        .filter((d) => only === undefined || d.dev_id === only)
        .map((d) =>
          v['show-codes'] === true ? d : { ...d, dev_access_code: maskSecret(d.dev_access_code) },
        );
      out['devices'] = devices;
      lines.push(...formatDevices(devices, true));
    }
    if (v.status === true) {
      const status = (await client.getPrintStatus())
        .filter((d) => only === undefined || d.dev_id === only)
        .map((d) =>
          v['show-codes'] === true ? d : { ...d, dev_access_code: maskSecret(d.dev_access_code) },
        );
      out['status'] = status;
      lines.push(...formatStatus(status));
    }
    if (v.profile === true) {
      const profile = await client.getProfile();
      const mqttUser = await client.getMqttUsername().catch(() => null);
      out['profile'] = { ...profile, mqttUsername: mqttUser };
      lines.push(...formatProfile(profile, mqttUser));
    }
    if (v.tasks === true) {
      const tasks = await client.listTasks({
        limit,
        ...(only === undefined ? {} : { deviceId: only }),
      });
      out['tasks'] = tasks;
      lines.push(...formatTasks(tasks));
    }
    if (v.projects === true) {
      const projects = await client.listProjects();
      out['projects'] = projects;
      lines.push(...formatProjects(projects));
    }
    if (v.firmware === true) {
      const firmware = await client.getFirmware(only);
      out['firmware'] = firmware;
      lines.push(...formatFirmware(firmware));
    }
    if (v.ams !== undefined) {
      const ams = await readAms(client, token, region, v.ams, v);
      out['ams'] = ams;
      lines.push(...formatAms(v.ams, ams.units, ams.externalSpools));
    }
    if (v.json === true) io.stdout(JSON.stringify(out, null, 2));
    else for (const line of lines) io.stdout(line);
    return EXIT.ok;
  } catch (err) {
    if (err instanceof UsageError) {
      io.stderr(`bambu-query: ${err.message}`);
      io.stderr('Run bambu-query --help for usage.');
      return EXIT.usage;
    }
    io.stderr(`bambu-query: ${err instanceof Error ? err.message : String(err)}`);
    return exitCodeForCloudError(err);
  }
}

async function resolveToken(
  arg: string | undefined,
  v: { region?: string; 'token-file'?: string },
  io: CloudToolIo,
): Promise<{ token: string; region: CloudRegion }> {
  if (v.region !== undefined && !isCloudRegion(v.region)) {
    throw new UsageError(`--region must be global or china, not "${v.region}"`);
  }
  const flagRegion = v.region;
  const direct = arg ?? io.env['BAMBU_TOKEN'];
  if (direct !== undefined && direct.trim() !== '') {
    return { token: direct.trim(), region: flagRegion ?? 'global' };
  }
  const path = v['token-file'] ?? defaultTokenPath(io.env);
  const saved = await loadToken(path);
  if (saved === null) {
    throw new UsageError(
      `no token: give TOKEN, set BAMBU_TOKEN, or run bambu-login (looked in ${path})`,
    );
  }
  return { token: saved.token, region: flagRegion ?? saved.region };
}

async function readAms(
  client: CloudClient,
  token: string,
  region: CloudRegion,
  serial: string,
  v: { 'mqtt-url'?: string; 'mqtt-ca'?: string; timeout?: string },
) {
  const timeoutSec = v.timeout === undefined ? 20 : Number(v.timeout);
  if (!(timeoutSec > 0)) throw new UsageError('--timeout must be a positive number of seconds');
  let ca: string | undefined;
  if (v['mqtt-ca'] !== undefined) {
    try {
      ca = readFileSync(v['mqtt-ca'], 'utf8');
    } catch (err) {
      throw new UsageError(
        `cannot read --mqtt-ca ${v['mqtt-ca']} (${(err as NodeJS.ErrnoException).code ?? 'error'})`,
      );
    }
  }
  const conn = new CloudMqttConnection({
    uid: await client.getMqttUsername(),
    token,
    region,
    serials: [serial],
    ...(v['mqtt-url'] === undefined ? {} : { mqttUrl: v['mqtt-url'] }),
    ...(ca === undefined ? {} : { tls: { ca } }),
  });
  try {
    await conn.connect();
    const state = await conn.waitForState(serial, (s) => s.gcodeState !== null, timeoutSec * 1000);
    return { serial, units: state.ams, externalSpools: state.externalSpools };
  } finally {
    await conn.close();
  }
}

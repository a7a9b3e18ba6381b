/**
 * Human-readable output of bambu-query: one block per section, plain text, no colours.
 */
import type {
  BoundDevice,
  DeviceVersion,
  PrintStatusDevice,
  Profile,
  Project,
  TaskList,
} from '../core/cloud/cloud-schemas.ts';
import type { AmsUnit, ExternalSpool, Tray } from '../shared/printer-state.ts';
import { maskSecret } from './cloud-io.ts';

const TASK_STATUS: Record<number, string> = { 1: 'running', 2: 'finished', 3: 'failed' };

export function formatDevices(devices: readonly BoundDevice[], showCodes: boolean): string[] {
  if (devices.length === 0) return ['No printers are bound to this account.'];
  return [
    `${devices.length} printer(s):`,
    ...devices.map((d) =>
      [
        `  ${d.dev_id}`,
        `${d.name ?? '?'}`,
        `${d.dev_product_name ?? '?'} (${d.dev_model_name ?? '?'})`,
        d.online === true ? 'online' : 'offline',
        `last job ${d.print_status ?? '?'}`,
        `access code ${showCodes ? (d.dev_access_code ?? '-') : maskSecret(d.dev_access_code)}`,
      ].join('  |  '),
    ),
  ];
}

export function formatStatus(devices: readonly PrintStatusDevice[]): string[] {
  return [
    'Print status:',
    ...devices.map((d) => {
      const head = `  ${d.dev_id}  ${d.dev_name ?? ''}  ${d.dev_online === true ? 'online' : 'offline'}`;
      if (d.task_status === null || d.task_status === undefined) return `${head}  idle`;
      const progress = d.progress === null || d.progress === undefined ? '' : ` ${d.progress}%`;
      return `${head}  ${d.task_status}${progress}  "${d.task_name ?? ''}"`;
    }),
  ];
}

export function formatProfile(profile: Profile, mqttUser: string | null): string[] {
  return [
    'Account:',
    `  name      ${profile.name ?? '-'}`,
    `  account   ${profile.account ?? '-'}`,
    `  uid       ${profile.uid ?? '-'}${mqttUser === null ? '' : `  (cloud MQTT user ${mqttUser})`}`,
    `  printers  ${(profile.productModels ?? []).join(', ') || '-'}`,
  ];
}

export function formatTasks(tasks: TaskList): string[] {
  return [
    `Print history (${tasks.hits.length} of ${tasks.total ?? '?'}):`,
    ...tasks.hits.map((t) => {
      const status = TASK_STATUS[t.status ?? 0] ?? `status ${t.status ?? '?'}`;
      const weight = t.weight === null || t.weight === undefined ? '' : `  ${t.weight} g`;
      return `  ${t.startTime ?? '?'}  ${t.deviceId ?? '?'}  ${status}  "${t.title ?? ''}"${weight}`;
    }),
  ];
}

export function formatProjects(projects: readonly Project[]): string[] {
  return [
    `${projects.length} cloud project(s):`,
    ...projects.map(
      (p) => `  ${String(p.project_id)}  ${p.name ?? ''}  (updated ${p.update_time ?? '?'})`,
    ),
  ];
}

export function formatFirmware(devices: readonly DeviceVersion[]): string[] {
  return [
    'Firmware:',
    ...devices.flatMap((d) => {
      const latest = d.firmware?.[0]?.version ?? null;
      const update =
        latest !== null && latest !== d.version ? `  update available: ${latest}` : '  up to date';
      const ams = (d.ams ?? []).map((a, i) => `    AMS ${i}: ${a.firmware?.[0]?.version ?? '?'}`);
      return [`  ${d.dev_id}  ${d.version ?? '?'}${update}`, ...ams];
    }),
  ];
}

function trayText(t: Tray): string {
  if (t.empty) return 'empty';
  const remain = t.remainPercent === null ? '' : ` ${t.remainPercent}%`;
  return `${t.material ?? '?'} ${t.color ?? ''}${remain}`.trim();
}

export function formatAms(
  serial: string,
  units: readonly AmsUnit[],
  spools: readonly ExternalSpool[],
): string[] {
  const lines = [`AMS of ${serial}:`];
  if (units.length === 0) lines.push('  no AMS connected');
  for (const u of units) {
    const hum =
      u.humidityPercent !== null
        ? ` humidity ${u.humidityPercent}%`
        : u.humidityIndex !== null
          ? ` humidity index ${u.humidityIndex}`
          : '';
    lines.push(`  unit ${u.id} (${u.kind})${hum}`);
    for (const t of u.trays) lines.push(`    slot ${t.slot + 1}: ${trayText(t)}`);
  }
  for (const s of spools) lines.push(`  external spool ${s.id}: ${trayText(s)}`);
  return lines;
}

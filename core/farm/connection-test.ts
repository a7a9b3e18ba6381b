import type {
  ConnectionCheck,
  ConnectionTestInput,
  ConnectionTestReport,
  TlsTrust,
} from '../../shared/contract/farm-schemas.ts';
import type { PrinterState } from '../../shared/printer-state.ts';
import { LinkError } from '../mqtt/link-error.ts';
import { PrinterLink } from '../mqtt/printer-link.ts';
import type { PrinterSession } from './printer-session.ts';
import { linkTlsOf } from './tls-options.ts';

export interface ConnectionTestTarget {
  host: string;
  port: number;
  serial: string;
  accessCode: string;
  tls: TlsTrust;
}

const skipped = (check: ConnectionCheck['check'], message: string): ConnectionCheck => ({
  check,
  outcome: 'skipped',
  message,
});

/**
 * Tries a printer with a short-lived link and says what works: MQTT login, a status report, control.
 * Control is checked without changing anything: the chamber light is set to the mode it already has.
 * Never throws; every failure is a check with a message saying what to do.
 */
export async function testPrinterConnection(
  target: ConnectionTestTarget,
  timeoutMs = 15_000,
): Promise<ConnectionTestReport> {
  const tls = linkTlsOf(target.tls);
  const link = new PrinterLink({
    target: {
      kind: 'local',
      host: target.host,
      port: target.port,
      serial: target.serial,
      accessCode: target.accessCode,
    },
    ...(tls ? { tls } : {}),
    connectTimeoutMs: Math.min(timeoutMs, 10_000),
    commandTimeoutMs: Math.min(timeoutMs, 8_000),
  });
  let loggedIn = false;
  link.on('status', (status) => {
    if (status === 'online') loggedIn = true;
  });
  try {
    link.connect();
    let state: PrinterState;
    try {
      state = await link.waitForState(timeoutMs);
    } catch (err) {
      return failedBeforeState(err, loggedIn || link.status === 'online', target);
    }
    const checks: ConnectionCheck[] = [
      { check: 'mqtt-login', outcome: 'passed', message: 'logged in with the access code' },
      {
        check: 'status-report',
        outcome: 'passed',
        message: `received the status of ${state.model ?? 'the printer'} (${state.status})`,
      },
      await checkControl(link, state),
    ];
    return { ok: true, checks, model: state.model, firmware: state.firmware };
  } finally {
    await link.close();
  }
}

function failedBeforeState(
  err: unknown,
  loggedIn: boolean,
  target: ConnectionTestTarget,
): ConnectionTestReport {
  const code = err instanceof LinkError ? err.code : 'internal';
  const message = err instanceof Error ? err.message : String(err);
  const checks: ConnectionCheck[] = [];
  if (loggedIn) {
    checks.push({
      check: 'mqtt-login',
      outcome: 'passed',
      message: 'logged in with the access code',
    });
    checks.push({
      check: 'status-report',
      outcome: 'failed',
      message:
        code === 'timeout'
          ? `logged in, but no status report for serial ${target.serial} arrived: check that the serial matches this printer (Settings > Device on its screen)`
          : message,
    });
  } else {
    checks.push({
      check: 'mqtt-login',
      outcome: 'failed',
      message: loginAdvice(code, message, target),
    });
    checks.push(skipped('status-report', 'needs a working login'));
  }
  checks.push(skipped('control', 'needs a status report'));
  return { ok: false, checks, model: null, firmware: null };
}

function loginAdvice(code: string, message: string, target: ConnectionTestTarget): string {
  if (code === 'timeout') {
    return `no answer from ${target.host}:${target.port}: check the IP address, that the printer is on, and that this computer is on the same network`;
  }
  return message;
}

async function checkControl(link: PrinterLink, state: PrinterState): Promise<ConnectionCheck> {
  if (state.controlRequiresSignature) {
    return {
      check: 'control',
      outcome: 'failed',
      message: `monitoring works, but printer ${state.serial} refuses control: enable LAN-only mode and Developer Mode on its screen (Settings > LAN only > Developer Mode)`,
    };
  }
  const light = state.lights.chamber;
  if (light === null) {
    return skipped(
      'control',
      'not checked (nothing can be re-sent without a change); the first command will tell',
    );
  }
  try {
    await link.setLight('chamber_light', light);
    return { check: 'control', outcome: 'passed', message: 'the printer accepts control commands' };
  } catch (err) {
    const message = err instanceof Error ? err.message : String(err);
    return { check: 'control', outcome: 'failed', message };
  }
}

/**
 * The report for a saved printer whose details did not change, from its live session (no second
 * connection: A1 printers accept one). Null when the details changed or the session is not online.
 */
export function reportFromLiveSession(
  session: PrinterSession,
  input: ConnectionTestInput,
  storedCode: string | null,
): ConnectionTestReport | null {
  const c = session.config;
  const same =
    input.host === c.host &&
    (input.port ?? c.port) === c.port &&
    input.serial === c.serial &&
    (input.tls === undefined || JSON.stringify(input.tls) === JSON.stringify(c.tls)) &&
    (input.accessCode === undefined || input.accessCode === storedCode);
  const view = session.view();
  if (!same || view.connection.status !== 'online' || view.state === null) return null;
  const control: ConnectionCheck =
    view.control === 'refused'
      ? {
          check: 'control',
          outcome: 'failed',
          message: `monitoring works, but printer ${c.serial} refuses control: enable LAN-only mode and Developer Mode on its screen (Settings > LAN only > Developer Mode)`,
        }
      : {
          check: 'control',
          outcome: 'passed',
          message: 'no control refusal seen on the live connection',
        };
  return {
    ok: true,
    checks: [
      { check: 'mqtt-login', outcome: 'passed', message: 'logged in (live connection)' },
      {
        check: 'status-report',
        outcome: 'passed',
        message: `receiving the status of ${view.state.model ?? 'the printer'} (${view.state.status})`,
      },
      control,
    ],
    model: view.state.model,
    firmware: view.state.firmware,
  };
}

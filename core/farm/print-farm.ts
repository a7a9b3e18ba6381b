import { FarmFailure } from '../../shared/contract/result.ts';
import { FTPS_PORT, type FtpsConnectOptions } from '../ftps/ftps-options.ts';
import { DataChannelDecisions, ftpsDataChannelFor } from './ftps-data-channel.ts';
import type { SecretStore } from './ports.ts';
import type { PrintFarm, PrintPrinter } from './print-jobs.ts';
import type { PrinterSession } from './printer-session.ts';
import { linkTlsOf } from './tls-options.ts';

/** How print jobs' FTPS sessions learn and time their data channel. */
export interface PrintFarmFtps {
  /** Keeps a printer's learned `PROT C` (see ftps-data-channel.ts). */
  rememberClearDataChannel?: (id: string) => void;
  /** FtpsConnectOptions.dataTimeoutMs. */
  dataTimeoutMs?: number;
}

/** The engine's sessions as print jobs see them: link, state, and FTPS details per printer. */
export function printFarmOf(
  sessions: ReadonlyMap<string, PrinterSession>,
  secrets: SecretStore,
  ftpsTuning: PrintFarmFtps = {},
): PrintFarm {
  const decisions = new DataChannelDecisions();
  const printerOf = (session: PrinterSession): PrintPrinter => {
    const config = session.config;
    const view = session.view();
    return {
      id: config.id,
      name: config.name,
      serial: config.serial,
      online: view.connection.status === 'online',
      state: view.state,
      link: () => session.printLink,
      ftps: async (use = 'data') => {
        const accessCode = await secrets.get(config.id);
        if (accessCode === null) {
          throw new FarmFailure(
            'auth-failed',
            `no access code stored for printer ${config.serial}: edit the printer and enter the LAN access code`,
          );
        }
        const tls = linkTlsOf(config.tls);
        const opts: FtpsConnectOptions = {
          host: config.host,
          port: config.ftpsPort ?? FTPS_PORT,
          serial: config.serial,
          accessCode,
          ...(tls ? { tls } : {}),
          dataChannel: ftpsDataChannelFor(config, view.state?.model ?? null),
          onDataChannelFallback: () => ftpsTuning.rememberClearDataChannel?.(config.id),
          ...(ftpsTuning.dataTimeoutMs === undefined
            ? {}
            : { dataTimeoutMs: ftpsTuning.dataTimeoutMs }),
        };
        // Keyed by address too: a new host or serial starts over, as the saved mode does.
        const key = `${config.id} ${config.host} ${config.serial}`;
        return use === 'data' ? decisions.prepare(key, opts) : opts;
      },
    };
  };
  return {
    printers: () => [...sessions.values()].map(printerOf),
    printer: (id) => {
      const session = sessions.get(id);
      if (!session) {
        throw new FarmFailure('not-found', `no printer with id ${id}: it may have been removed`);
      }
      return printerOf(session);
    },
  };
}

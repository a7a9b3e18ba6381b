import { FarmFailure } from '../../shared/contract/result.ts';
import { FTPS_PORT } from '../ftps/ftps-options.ts';
import type { SecretStore } from './ports.ts';
import type { PrintFarm, PrintPrinter } from './print-jobs.ts';
import type { PrinterSession } from './printer-session.ts';
import { linkTlsOf } from './tls-options.ts';

/** The engine's sessions as print jobs see them: link, state, and FTPS details per printer. */
export function printFarmOf(
  sessions: ReadonlyMap<string, PrinterSession>,
  secrets: SecretStore,
): PrintFarm {
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
      ftps: async () => {
        const accessCode = await secrets.get(config.id);
        if (accessCode === null) {
          throw new FarmFailure(
            'auth-failed',
            `no access code stored for printer ${config.serial}: edit the printer and enter the LAN access code`,
          );
        }
        const tls = linkTlsOf(config.tls);
        return {
          host: config.host,
          port: config.ftpsPort ?? FTPS_PORT,
          serial: config.serial,
          accessCode,
          ...(tls ? { tls } : {}),
        };
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

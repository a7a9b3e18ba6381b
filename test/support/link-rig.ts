// Virtual printers and links to them for the link's integration tests, closed after each test.
import { PrinterLink } from '../../core/mqtt/printer-link.ts';
import type { LinkEvents, LinkOptions } from '../../core/mqtt/printer-link.ts';
import type { PrinterState } from '../../shared/printer-state.ts';
import { startVirtualPrinter } from '../../sim/virtual-printer.ts';
import type { VirtualPrinter, VirtualPrinterOptions } from '../../sim/virtual-printer.ts';

export interface LinkRig {
  /** A virtual printer reporting every 100 ms (unless options say otherwise). */
  readonly printer: (options: VirtualPrinterOptions) => Promise<VirtualPrinter>;
  /** A link trusting the printer's certificate, reconnecting fast. */
  readonly linkTo: (p: VirtualPrinter, extra?: Partial<LinkOptions>) => PrinterLink;
  /** Closes `link` with the others after the test. */
  readonly track: (link: PrinterLink) => PrinterLink;
  /** Closes every link, then every printer; call from afterEach. */
  readonly cleanup: () => Promise<void>;
}

export function createLinkRig(): LinkRig {
  const printers: VirtualPrinter[] = [];
  const links: PrinterLink[] = [];
  return {
    async printer(options) {
      const p = await startVirtualPrinter({ reportIntervalMs: 100, ...options });
      printers.push(p);
      return p;
    },
    linkTo(p, extra = {}) {
      const link = new PrinterLink({
        target: {
          kind: 'local',
          host: p.host,
          port: p.mqttPort,
          serial: p.serial,
          accessCode: p.accessCode,
        },
        tls: { ca: p.certificatePem },
        reconnect: { initialMs: 100, maxMs: 500 },
        ...extra,
      });
      links.push(link);
      return link;
    },
    track(link) {
      links.push(link);
      return link;
    },
    async cleanup() {
      await Promise.all(links.splice(0).map((l) => l.close()));
      await Promise.all(printers.splice(0).map((p) => p.close()));
    },
  };
}

/** Resolves with the arguments of the next `event` matching `pred`; rejects after `timeoutMs`. */
export function nextEvent<K extends keyof LinkEvents>(
  link: PrinterLink,
  event: K,
  pred: (...args: LinkEvents[K]) => boolean = () => true,
  timeoutMs = 15_000,
): Promise<LinkEvents[K]> {
  return new Promise((resolve, reject) => {
    const listener = (...args: LinkEvents[K]) => {
      if (!pred(...args)) return;
      clearTimeout(timer);
      link.off(event, listener);
      resolve(args);
    };
    const timer = setTimeout(() => {
      link.off(event, listener);
      reject(
        new Error(
          `no matching "${event}" event (status ${link.status}, ${link.lastError?.message ?? 'no error'})`,
        ),
      );
    }, timeoutMs);
    link.on(event, listener);
  });
}

export const nextState = (link: PrinterLink, pred: (s: PrinterState) => boolean) =>
  nextEvent(link, 'state', pred).then(([s]) => s);

/** The commands of class `cls` named `command` the printer received, in order. */
export const commandsOf = (p: VirtualPrinter, cls: string, command: string) =>
  p.received.filter((m) => {
    const body = m[cls] as { command?: unknown } | undefined;
    return body?.command === command;
  });

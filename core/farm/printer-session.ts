import type {
  CommandAck,
  ConnectionView,
  ControlAccess,
  OfflineReason,
  PrinterCommand,
  PrinterView,
  ReportDrops,
  TemperatureSample,
} from '../../shared/contract/farm-schemas.ts';
import type { FarmError } from '../../shared/contract/result.ts';
import { FarmFailure } from '../../shared/contract/result.ts';
import { LinkError } from '../mqtt/link-error.ts';
import { offlineReasonOf } from '../mqtt/offline-reason.ts';
import { PrinterLink, type LinkOptions } from '../mqtt/printer-link.ts';
import { farmErrorOf } from './farm-errors.ts';
import { ftpsDataChannelFor } from './ftps-data-channel.ts';
import type { StoredPrinter } from './ports.ts';
import { TemperatureHistoryBuffer } from './temperature-history.ts';
import { linkTlsOf } from './tls-options.ts';

/** Link timings the engine passes through (tests shorten them). */
export type LinkTuning = Pick<
  LinkOptions,
  'silenceTimeoutMs' | 'commandTimeoutMs' | 'connectTimeoutMs' | 'reconnect'
>;

export interface SessionDeps {
  /** Called whenever the view may have changed (the engine coalesces). */
  onChange: () => void;
  now: () => number;
  tuning?: LinkTuning;
}

/**
 * The engine's session with one printer: exactly one MQTT link (printers allow few sessions), the
 * connection status as a person reads it, control access, and the temperature history.
 */
export class PrinterSession {
  private link: PrinterLink | null = null;
  private connection: ConnectionView;
  /** What the last command taught us: null until a command succeeded or was refused. */
  private commandControl: ControlAccess | null = null;
  private readonly temps = new TemperatureHistoryBuffer();

  constructor(
    private configValue: StoredPrinter,
    private readonly accessCode: string | null,
    private readonly deps: SessionDeps,
  ) {
    this.connection = { status: 'connecting', since: deps.now(), error: null };
  }

  get id(): string {
    return this.configValue.id;
  }

  get config(): StoredPrinter {
    return this.configValue;
  }

  /** The live MQTT link (for print jobs), null before `start()` or without an access code. */
  get printLink(): PrinterLink | null {
    return this.link;
  }

  /**
   * Takes settings that need no new MQTT connection (name, FTPS and camera ports); the caller
   * reconnects for the rest (host, port, serial, TLS, access code).
   */
  reconfigure(config: StoredPrinter): void {
    this.configValue = config;
    this.deps.onChange();
  }

  /** Opens the link; it reconnects by itself until `close()`. */
  start(): void {
    if (this.accessCode === null) {
      this.setConnection('auth-failed', {
        code: 'auth-failed',
        message: `no access code stored for printer ${this.config.serial}: edit the printer and enter the LAN access code`,
      });
      return;
    }
    const tls = linkTlsOf(this.config.tls);
    const link = new PrinterLink({
      target: {
        kind: 'local',
        host: this.config.host,
        port: this.config.port,
        serial: this.config.serial,
        accessCode: this.accessCode,
      },
      ...(tls ? { tls } : {}),
      ...this.deps.tuning,
    });
    this.link = link;
    link.on('status', () => this.onLinkStatus());
    // A dropped report changes the counts shown in the detail (batched like every change).
    link.on('problem', () => this.deps.onChange());
    link.on('state', (state) => {
      this.temps.record(state, this.deps.now());
      this.deps.onChange();
    });
    link.connect();
    this.onLinkStatus();
  }

  /** The printer as the UI sees it (no secrets). */
  view(): PrinterView {
    const state = this.link?.state ?? null;
    return {
      id: this.config.id,
      name: this.config.name,
      host: this.config.host,
      port: this.config.port,
      serial: this.config.serial,
      hasAccessCode: this.accessCode !== null,
      tlsMode: this.config.tls.mode,
      ...(this.config.ftpsPort !== undefined ? { ftpsPort: this.config.ftpsPort } : {}),
      ...(this.config.cameraPort !== undefined ? { cameraPort: this.config.cameraPort } : {}),
      ftpsDataChannel: ftpsDataChannelFor(this.config, state?.model ?? null),
      connection: this.connection,
      control: this.control(),
      ...this.dropsView(),
      state: state
        ? { ...state, online: state.online && this.connection.status === 'online' }
        : null,
    };
  }

  history(): TemperatureSample[] {
    return this.temps.list();
  }

  /** Sends a command; resolves with the printer's answer or throws a LinkError/FarmFailure. */
  async sendCommand(command: PrinterCommand): Promise<CommandAck> {
    const link = this.link;
    if (!link) {
      throw new FarmFailure(
        'not-connected',
        `printer ${this.config.name} is not connected: ${this.connection.error?.message ?? 'check its settings'}`,
      );
    }
    try {
      const reply = await this.run(link, command);
      this.learnControl('allowed');
      return { command: reply.command, result: reply.result };
    } catch (err) {
      if (err instanceof LinkError && err.code === 'control-refused') this.learnControl('refused');
      throw err;
    }
  }

  async close(): Promise<void> {
    const link = this.link;
    this.link = null;
    if (link) await link.close();
  }

  private run(link: PrinterLink, command: PrinterCommand) {
    switch (command.type) {
      case 'pause':
        return link.pause();
      case 'resume':
        return link.resume();
      case 'stop':
        return link.stop();
      case 'speed':
        return link.setSpeedLevel(command.level);
      case 'chamber-light':
        return link.setChamberLight(command.mode);
    }
  }

  private control(): ControlAccess {
    if (this.commandControl === 'refused') return 'refused';
    const state = this.link?.state;
    if (state?.controlRequiresSignature) return 'refused';
    if (this.commandControl === 'allowed' || state) return 'allowed';
    return 'unknown';
  }

  private learnControl(access: ControlAccess): void {
    if (this.commandControl === access) return;
    this.commandControl = access;
    this.deps.onChange();
  }

  private dropsView(): { reportDrops?: ReportDrops } {
    const drops = this.link?.reportDrops;
    return drops && Object.values(drops).some((n) => n > 0) ? { reportDrops: drops } : {};
  }

  private onLinkStatus(): void {
    const link = this.link;
    if (!link) return;
    const error = link.lastError ? farmErrorOf(link.lastError) : null;
    switch (link.status) {
      case 'connecting':
        this.setConnection('connecting', error);
        break;
      case 'online':
        this.commandControl = null;
        this.setConnection('online', null);
        break;
      case 'auth-failed':
        this.setConnection('auth-failed', error, 'login-refused');
        break;
      case 'offline':
        this.setConnection(
          error?.code === 'tls-untrusted' ? 'tls-untrusted' : 'offline',
          error,
          offlineReasonOf(link.lastError),
        );
        break;
      case 'closed':
        this.setConnection('offline', error, 'stopped');
        break;
    }
  }

  private setConnection(
    status: ConnectionView['status'],
    error: FarmError | null,
    reason?: OfflineReason,
  ): void {
    const prev = this.connection;
    if (
      prev.status === status &&
      prev.error?.message === error?.message &&
      prev.reason === reason
    ) {
      return;
    }
    this.connection = {
      status,
      since: prev.status === status ? prev.since : this.deps.now(),
      error,
      ...(reason !== undefined ? { reason } : {}),
    };
    this.deps.onChange();
  }
}

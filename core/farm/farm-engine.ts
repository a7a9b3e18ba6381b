import { randomUUID } from 'node:crypto';
import type { FarmEvent, RequestHandlers } from '../../shared/contract/contract.ts';
import type {
  CommandAck,
  ConnectionTestInput,
  ConnectionTestReport,
  FarmSnapshot,
  PrinterChanges,
  PrinterCommand,
  PrinterInput,
  PrinterPatchBatch,
  PrinterView,
  TemperatureHistory,
} from '../../shared/contract/farm-schemas.ts';
import { FarmFailure } from '../../shared/contract/result.ts';
import { DEFAULT_MQTT_PORT } from '../mqtt/connection-options.ts';
import { AppNotices, type CodeStorageControl } from './app-notices.ts';
import { FarmCameras, type CameraSink, type CameraStream } from './camera-farm.ts';
import { cameraLookupFor } from './camera-target.ts';
import { assertCodeStaysHome } from './code-destination.ts';
import { CloudAccount, type CloudAccountOptions } from './cloud-account.ts';
import { reportFromLiveSession, testPrinterConnection } from './connection-test.ts';
import { NotifyService } from './notify-service.ts';
import { alertOfNotification } from './alert-payload.ts';
import { AlertService, type AlertServiceOptions } from './alert-service.ts';
import { PatchCoalescer, type CoalescedBatch, type Timers } from './patch-coalescer.ts';
import {
  silentLogger,
  type FarmLogger,
  type SecretStore,
  type SettingsStore,
  type StoredPrinter,
} from './ports.ts';
import { PrinterSession, type LinkTuning } from './printer-session.ts';
import { printFarmOf } from './print-farm.ts';
import { PrintService, type PrintServiceOptions } from './print-service.ts';
import type { CameraMode } from '../../shared/contract/camera-channels.ts';
import type { RecordsPort } from './records-port.ts';
import { RecordsService } from './records-service.ts';
import { observeJob } from './job-observation.ts';
import { QueueService, type QueueOptions, type QueuePrinter } from './queue-service.ts';

export interface FarmEngineOptions {
  settings: SettingsStore;
  secrets: SecretStore;
  /** Longest wait before a change reaches the UI, ms (default 120). */
  batchIntervalMs?: number;
  /** Link timings (tests shorten them). */
  tuning?: LinkTuning;
  /** Timeout of a connection test, ms (default 15 000). */
  connectionTestTimeoutMs?: number;
  /** How long an FTPS data channel may stay silent before it counts as hanging, ms (default 30 000). */
  ftpsDataTimeoutMs?: number;
  logger?: FarmLogger;
  /** Another Bambu cloud than Bambu's (the virtual cloud in tests and the demo). */
  cloud?: CloudAccountOptions;
  /** Drag-and-drop printing: upload concurrency, start timeout, local paths (desktop app only). */
  print?: PrintServiceOptions;
  /** The farm's database (history, file library, statistics); absent = no history. */
  records?: RecordsPort;
  now?: () => number;
  timers?: Timers;
  /** The app's notices (filled by the stores while they load); a fresh set when not given. */
  notices?: AppNotices;
  /** Where access codes live, when the face offers the choice (the desktop app). */
  codeStorage?: CodeStorageControl;
  /** Job queue timings and this instance's id in a shared database (tests shorten them). */
  queue?: QueueOptions;
  /** Webhook and ntfy sending: timeout, retries, queue length (tests shorten them). */
  alerts?: AlertServiceOptions;
}

type BatchListener = (batch: PrinterPatchBatch) => void;

/**
 * The farm: the set of printers (persisted through the injected ports), one session per printer, commands,
 * and state changes coalesced per printer into numbered batches. Every face of Farmdeck (Electron IPC,
 * the browser host) drives it through `handlers()` and `onBatch()`.
 */
export class FarmEngine {
  private readonly sessions = new Map<string, PrinterSession>();
  private readonly listeners = new Set<BatchListener>();
  private readonly coalescer: PatchCoalescer;
  private readonly eventListeners = new Set<(event: FarmEvent) => void>();
  /** Print finished/failed, new HMS error, printer offline: per-kind switches, published as events. */
  readonly notifications: NotifyService;
  /** The same notifications beyond the desktop: webhook (JSON POST) and ntfy push. */
  readonly alerts: AlertService;
  /** The farm's Bambu account: one cloud MQTT connection, the fallback path of its printers. */
  readonly cloud: CloudAccount;
  /** Dropped files, print jobs with per-printer progress, files on a printer's storage. */
  readonly print: PrintService;
  /** History, file library and statistics, and the database's status. */
  readonly records: RecordsService;
  /** The job queue and its dispatcher (needs the farm database). */
  readonly queue: QueueService;
  /** One camera hub for the farm: one upstream per printer, shared by every tile. */
  private readonly cameras = new FarmCameras(
    cameraLookupFor(this.sessions, () => this.options.secrets),
  );
  /** Damaged stores, unprotected or unreadable access codes: shown by the UI until dismissed. */
  readonly notices: AppNotices;
  private readonly now: () => number;
  private readonly logger: FarmLogger;
  /** Serializes changes to the printer list so concurrent requests never lose a save. */
  private changes: Promise<unknown> = Promise.resolve();
  private closed = false;

  private constructor(private readonly options: FarmEngineOptions) {
    this.now = options.now ?? Date.now;
    this.logger = options.logger ?? silentLogger;
    this.notices = options.notices ?? new AppNotices();
    this.notices.onChange((payload) => this.publish({ channel: 'app:notices-changed', payload }));
    this.coalescer = new PatchCoalescer(
      (batch) => this.emit(batch),
      options.batchIntervalMs ?? 120,
      options.timers,
    );
    this.alerts = new AlertService(options.secrets, this.logger, this.now, options.alerts);
    this.notifications = new NotifyService(
      options.secrets,
      (payload) => this.publish({ channel: 'notify:raised', payload }),
      this.logger,
      this.now,
      (n) => {
        const serial =
          n.printerId === null ? null : (this.sessions.get(n.printerId)?.config.serial ?? null);
        this.alerts.deliver(alertOfNotification(n, serial));
      },
    );
    this.cloud = new CloudAccount(
      options.secrets,
      {
        printers: () =>
          [...this.sessions.values()].map((s) => ({
            id: s.id,
            serial: s.config.serial,
            lanOnline: s.view().connection.status === 'online',
          })),
        markChanged: (id) => this.coalescer.markChanged(id),
        addPrinter: (input) => this.addPrinter(input),
        publish: (payload) => this.publish({ channel: 'cloud:changed', payload }),
      },
      options.cloud ?? {},
      this.logger,
    );
    this.print = new PrintService(
      printFarmOf(this.sessions, options.secrets, {
        rememberClearDataChannel: (id) => this.rememberClearDataChannel(id),
        ...(options.ftpsDataTimeoutMs === undefined
          ? {}
          : { dataTimeoutMs: options.ftpsDataTimeoutMs }),
      }),
      {
        ...options.print,
        onStaged: (entry) => this.records.keepStaged(entry),
        onStarting: (printerId, entry, plate) => this.records.noteStart(printerId, entry, plate),
      },
    );
    this.print.onJob((payload) => this.publish({ channel: 'print-job:changed', payload }));
    this.records = new RecordsService(options.records ?? null, {
      stage: (path, name) => this.print.stageFile(path, name, false),
      publishStatus: (payload) => this.publish({ channel: 'records:status', payload }),
      publishRecord: (payload) => {
        this.queue.noteRecord(payload);
        this.publish({ channel: 'history:changed', payload });
      },
      publishLibrary: (payload) => {
        this.queue.noteLibrary(payload);
        this.publish({ channel: 'library:changed', payload });
      },
      snapshot: (id) => this.cameras.snapshot(id),
      logger: this.logger,
      now: this.now,
    });
    this.queue = new QueueService(
      {
        records: this.records,
        print: this.print,
        printers: () => [...this.sessions.values()].map((s) => queuePrinterOf(s)),
        markChanged: (id) => this.coalescer.markChanged(id),
        publish: (payload) => this.publish({ channel: 'queue:changed', payload }),
        lateConfirmMs: options.print?.lateConfirmMs ?? 600_000,
        logger: this.logger,
        now: this.now,
      },
      options.queue,
    );
    this.queue.onAttention((event) => this.notifications.raiseFarm(event));
    // Every printer again once the database is (back) ready: running jobs are continued or closed.
    this.records.onReady(() => {
      for (const session of this.sessions.values()) this.recordState(session);
    });
  }

  /** Loads the saved printers and connects to each. */
  static async start(options: FarmEngineOptions): Promise<FarmEngine> {
    const engine = new FarmEngine(options);
    const settings = await options.settings.load();
    for (const printer of settings.printers) {
      const code = await options.secrets.get(printer.id);
      engine.startSession(printer, code);
    }
    await engine.notifications.load();
    await engine.alerts.load();
    await engine.records.start();
    engine.queue.start();
    void engine.cloud.restore(); // never throws; the cloud may be slow: do not hold the farm up
    engine.logger.info(`farm engine started with ${settings.printers.length} printer(s)`);
    return engine;
  }

  /** Listens to coalesced batches; returns the unsubscribe function. */
  onBatch(listener: BatchListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Listens to every other event (notifications, cloud account...); returns the unsubscribe function. */
  onEvent(listener: (event: FarmEvent) => void): () => void {
    this.eventListeners.add(listener);
    return () => this.eventListeners.delete(listener);
  }

  /** Hands an event to every transport. */
  publish(event: FarmEvent): void {
    for (const listener of this.eventListeners) {
      try {
        listener(event);
      } catch (err) {
        this.logger.warn(`event listener failed: ${(err as Error).message}`);
      }
    }
  }

  /** Every printer at the current sequence number. */
  getSnapshot(): FarmSnapshot {
    const printers = [...this.sessions.values()].map((s) => this.viewOf(s));
    return { seq: this.coalescer.seq, printers };
  }

  addPrinter(input: PrinterInput): Promise<PrinterView> {
    return this.serialized(async () => {
      if ([...this.sessions.values()].some((s) => s.config.serial === input.serial)) {
        throw new FarmFailure(
          'duplicate',
          `a printer with serial ${input.serial} is already in the farm`,
        );
      }
      const printer: StoredPrinter = {
        id: `p-${randomUUID()}`,
        name: input.name,
        host: input.host,
        port: input.port ?? DEFAULT_MQTT_PORT,
        serial: input.serial,
        tls: input.tls ?? { mode: 'bambu-ca' },
        ...(input.cameraPort !== undefined ? { cameraPort: input.cameraPort } : {}),
        ...(input.ftpsPort !== undefined ? { ftpsPort: input.ftpsPort } : {}),
      };
      await this.options.secrets.set(printer.id, input.accessCode);
      await this.saveWith([...this.configs(), printer]);
      this.logger.info(`added printer ${printer.serial} (${printer.name})`);
      return this.startSession(printer, input.accessCode).view();
    });
  }

  updatePrinter(id: string, changes: PrinterChanges): Promise<PrinterView> {
    return this.serialized(async () => {
      const session = this.session(id);
      const before = session.config;
      assertCodeStaysHome(before, changes, changes.accessCode);
      if (
        changes.serial !== undefined &&
        changes.serial !== before.serial &&
        [...this.sessions.values()].some((s) => s.config.serial === changes.serial)
      ) {
        throw new FarmFailure(
          'duplicate',
          `a printer with serial ${changes.serial} is already in the farm`,
        );
      }
      const after: StoredPrinter = {
        ...before,
        ...(changes.name !== undefined ? { name: changes.name } : {}),
        ...(changes.host !== undefined ? { host: changes.host } : {}),
        ...(changes.port !== undefined ? { port: changes.port } : {}),
        ...(changes.serial !== undefined ? { serial: changes.serial } : {}),
        ...(changes.tls !== undefined ? { tls: changes.tls } : {}),
        ...(changes.cameraPort !== undefined ? { cameraPort: changes.cameraPort } : {}),
        ...(changes.ftpsPort !== undefined ? { ftpsPort: changes.ftpsPort } : {}),
      };
      if (after.host !== before.host || after.serial !== before.serial) {
        // Another printer (or the same one elsewhere): learn its FTPS data channel afresh.
        delete after.ftpsDataChannel;
      }
      if (changes.accessCode !== undefined) await this.options.secrets.set(id, changes.accessCode);
      await this.saveWith(this.configs().map((p) => (p.id === id ? after : p)));
      const reconnect =
        changes.accessCode !== undefined ||
        after.host !== before.host ||
        after.port !== before.port ||
        after.serial !== before.serial ||
        JSON.stringify(after.tls) !== JSON.stringify(before.tls);
      if (reconnect || after.cameraPort !== before.cameraPort) this.cameras.remove(id);
      if (!reconnect) {
        session.reconfigure(after);
        return session.view();
      }
      await session.close();
      const code = await this.options.secrets.get(id);
      return this.startSession(after, code).view();
    });
  }

  removePrinter(id: string): Promise<null> {
    return this.serialized(async () => {
      const session = this.session(id);
      await this.saveWith(this.configs().filter((p) => p.id !== id));
      await this.options.secrets.delete(id);
      this.sessions.delete(id);
      this.notifications.forget(id);
      this.records.recorder.forget(id);
      this.queue.forget(id, session.config.serial);
      this.cameras.remove(id);
      await session.close();
      this.coalescer.markRemoved(id);
      this.logger.info(`removed printer ${session.config.serial}`);
      return null;
    });
  }

  /** Tries a printer's details (new or stored) and reports what works; never changes the farm. */
  async testConnection(input: ConnectionTestInput): Promise<ConnectionTestReport> {
    let accessCode = input.accessCode ?? null;
    let port = input.port ?? DEFAULT_MQTT_PORT;
    let tls = input.tls ?? { mode: 'bambu-ca' as const };
    if (input.id !== undefined) {
      const session = this.session(input.id);
      // Like an edit: an absent port or certificate check keeps the saved one.
      port = input.port ?? session.config.port;
      tls = input.tls ?? session.config.tls;
      assertCodeStaysHome(
        session.config,
        { host: input.host, port, serial: input.serial, tls },
        input.accessCode,
      );
      const stored = await this.options.secrets.get(input.id);
      // Some models accept a single MQTT session: test through the live one when nothing changed.
      const live = reportFromLiveSession(session, input, stored);
      if (live) return live;
      accessCode ??= stored;
    }
    if (accessCode === null) {
      throw new FarmFailure('invalid-input', "enter the LAN access code from the printer's screen");
    }
    return testPrinterConnection(
      { host: input.host, port, serial: input.serial, accessCode, tls },
      this.options.connectionTestTimeoutMs,
    );
  }

  async sendCommand(id: string, command: PrinterCommand): Promise<CommandAck> {
    return this.session(id).sendCommand(command);
  }

  getHistory(id: string): TemperatureHistory {
    return { id, samples: this.session(id).history() };
  }

  /** Streams a printer's camera to `sink` (binary frames bypass the contract and the state store). */
  openCamera(id: string, mode: CameraMode, sink: CameraSink): CameraStream {
    return this.cameras.open(id, mode, sink);
  }

  /** The contract's request handlers, bound to this engine. */
  handlers(): RequestHandlers {
    return {
      'farm:get-snapshot': () => Promise.resolve(this.getSnapshot()),
      'printer:add': (input) => this.addPrinter(input),
      'printer:update': (id, changes) => this.updatePrinter(id, changes),
      'printer:remove': (id) => this.removePrinter(id),
      'printer:test-connection': (input) => this.testConnection(input),
      'printer:send-command': (id, command) => this.sendCommand(id, command),
      'printer:get-history': (id) => Promise.resolve(this.getHistory(id)),
      ...this.notifications.handlers(),
      ...this.alerts.handlers(),
      ...this.cloud.handlers(),
      ...this.print.handlers(),
      ...this.notices.handlers(this.options.codeStorage),
      ...this.records.handlers(),
      ...this.queue.handlers(),
    };
  }

  /** Closes every printer session. */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    this.coalescer.close();
    this.cameras.close();
    // First: the queue gives its printer leases up while the database is still open.
    await this.queue.close();
    const sessions = [...this.sessions.values()];
    this.sessions.clear();
    // All at once: a slow upload, cloud logout or database flush must not hold a printer's MQTT
    // session (an A1 has one). Sessions going offline are not recorded (the recorder skips offline).
    const results = await Promise.allSettled([
      this.records.close(),
      this.cloud.close(),
      this.print.close(),
      this.alerts.close(),
      ...sessions.map((s) => s.close()),
    ]);
    this.listeners.clear();
    const failed = results.find((r) => r.status === 'rejected');
    if (failed) throw failed.reason;
  }

  private startSession(printer: StoredPrinter, accessCode: string | null): PrinterSession {
    const session: PrinterSession = new PrinterSession(printer, accessCode, {
      // A closing session may still report; only the live session of an id may mark it changed.
      onChange: () => {
        if (this.sessions.get(printer.id) === session) this.coalescer.markChanged(printer.id);
      },
      now: this.now,
      ...(this.options.tuning ? { tuning: this.options.tuning } : {}),
    });
    this.sessions.set(printer.id, session);
    session.start();
    this.coalescer.markChanged(printer.id);
    return session;
  }

  /** A printer's encrypted FTPS data channel hung and `PROT C` worked: keep that, persisted. */
  private rememberClearDataChannel(id: string): void {
    void this.serialized(async () => {
      const session = this.sessions.get(id);
      if (!session || session.config.ftpsDataChannel === 'clear') return null;
      const after: StoredPrinter = { ...session.config, ftpsDataChannel: 'clear' };
      session.reconfigure(after);
      await this.saveWith(this.configs());
      this.logger.info(
        `printer ${after.serial}: FTPS uses a clear data channel (PROT C) from now on`,
      );
      return null;
    }).catch((err: unknown) =>
      this.logger.warn(`could not save the FTPS data channel: ${(err as Error).message}`),
    );
  }

  /** Hands a printer's current job state to the history recorder. */
  private recordState(session: PrinterSession): void {
    // Instances sharing a database see the same jobs; the one that controls the printer records
    // them, or a printer without job ids (P1/A1 on LAN) would get one record per instance.
    if (this.queue.controllerOf(session.config.serial) === 'other') {
      this.records.recorder.letGo(session.config.id);
      return;
    }
    const view = session.view();
    const link = session.printLink;
    this.records.observe(
      observeJob(
        session.config,
        view.connection.status === 'online',
        view.state,
        link?.report ?? null,
      ),
    );
  }

  /** A printer's view with the cloud path and the queue's info on it. */
  private viewOf(session: PrinterSession): PrinterView {
    return this.queue.overlay(this.cloud.overlay(session.view()));
  }

  private session(id: string): PrinterSession {
    const session = this.sessions.get(id);
    if (!session)
      throw new FarmFailure('not-found', `no printer with id ${id}: it may have been removed`);
    return session;
  }

  private configs(): StoredPrinter[] {
    return [...this.sessions.values()].map((s) => s.config);
  }

  private async saveWith(printers: StoredPrinter[]): Promise<void> {
    await this.options.settings.save({ version: 1, printers });
  }

  private serialized<T>(task: () => Promise<T>): Promise<T> {
    if (this.closed)
      return Promise.reject(new FarmFailure('disconnected', 'the farm engine is shutting down'));
    const run = this.changes.then(task, task);
    this.changes = run.catch(() => undefined);
    return run;
  }

  private emit(batch: CoalescedBatch): void {
    const printers: PrinterView[] = [];
    for (const id of batch.changed) {
      const session = this.sessions.get(id);
      if (session) printers.push(this.viewOf(session));
    }
    this.notifications.observe(printers);
    this.queue.observe(printers);
    for (const id of batch.changed) {
      const session = this.sessions.get(id);
      if (session) this.recordState(session);
    }
    this.cloud.farmChanged();
    const payload: PrinterPatchBatch = { seq: batch.seq, printers, removed: [...batch.removed] };
    for (const listener of this.listeners) {
      try {
        listener(payload);
      } catch (err) {
        this.logger.warn(`batch listener failed: ${(err as Error).message}`);
      }
    }
  }
}

function queuePrinterOf(session: PrinterSession): QueuePrinter {
  const view = session.view();
  return {
    id: view.id,
    name: view.name,
    serial: view.serial,
    online: view.connection.status === 'online',
    control: view.control,
    state: view.state,
    report: session.printLink?.report ?? null,
  };
}

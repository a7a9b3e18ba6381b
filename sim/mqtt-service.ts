import { startBroker, type SimBroker } from './broker.ts';
import { handleRequest, type CommandContext } from './commands.ts';
import type { PrinterIdentity } from './identity.ts';
import { defaultJobParams } from './job-params.ts';
import { MODEL_PRESETS } from './models.ts';
import { PrinterModel } from './printer-model.ts';
import { Reporter } from './reporter.ts';
import { jobNameFromFile } from './storage-url.ts';
import { buildTemplate, type JsonObject } from './templates.ts';
import type {
  FaultKind,
  SimJob,
  SimSessionStats,
  VirtualPrinterOptions,
} from './virtual-printer-api.ts';

/** A `project_file` message (request or its reply). */
const isProjectReply = (r: JsonObject): boolean => {
  const print = r['print'];
  return (
    typeof print === 'object' &&
    print !== null &&
    (print as JsonObject)['command'] === 'project_file'
  );
};

/** Size of the 'oversized' fault's report: above the 4 MB clients are told to refuse. */
const OVERSIZED_BYTES = 4 * 1024 * 1024 + 64 * 1024;
/** Size of the 'flood' fault's report. */
const FLOOD_BYTES = 200 * 1024 * 1024;

/**
 * The printer's MQTT face and brain: broker, state, job clock, reports, command replies and faults.
 */
export class MqttPrinterService {
  readonly received: Record<string, unknown>[] = [];
  private silent = false;
  private closed = false;
  private timer: NodeJS.Timeout | undefined;
  private lastTick = Date.now();
  private queue: Promise<void> = Promise.resolve();

  private constructor(
    private readonly model: PrinterModel,
    private readonly reporter: Reporter,
    private readonly context: CommandContext,
    private readonly intervals: { active: number; idle: number; timeScale: number },
    private readonly projectReply: { delayMs?: number; drop?: boolean; jobDelayMs?: number },
    private broker: SimBroker | undefined = undefined,
  ) {}

  static async start(
    id: PrinterIdentity,
    options: VirtualPrinterOptions,
  ): Promise<MqttPrinterService> {
    const preset = MODEL_PRESETS[id.model];
    const active = Math.max(10, options.reportIntervalMs ?? 1000);
    const model = new PrinterModel(preset, buildTemplate(id.model, id.serial, id.host), {
      requireSignature: options.requireSignature ?? false,
      transientErrorMs: 3 * active,
    });
    const { style, ...reportOptions } = options.reports ?? {};
    const reporter = new Reporter(style ?? preset.reportStyle, model.print, reportOptions);
    const context: CommandContext = {
      model,
      storageDir: options.storageDir,
      resolveJob: options.resolveJob,
    };
    const service = new MqttPrinterService(
      model,
      reporter,
      context,
      {
        active,
        idle: Math.max(active, options.idleReportIntervalMs ?? 4 * active),
        timeScale: options.timeScale ?? 1,
      },
      options.projectReply ?? {},
    );
    service.broker = await startBroker({
      host: id.host,
      port: options.mqttPort ?? 0,
      serial: id.serial,
      accessCode: id.accessCode,
      certificate: id.certificate,
      maxSessions: options.maxSessions ?? preset.maxSessions,
      overflow: options.sessionOverflow ?? 'refuse',
      onRequest: (payload) => service.onRequest(payload),
    });
    service.schedule();
    return service;
  }

  get port(): number {
    return this.broker?.port ?? 0;
  }

  /** Job progress in percent while a job runs, null when idle (shown on the camera frames). */
  get progress(): number | null {
    if (!this.model.machine.busy) return null;
    const percent = this.model.print['mc_percent'];
    return typeof percent === 'number' ? percent : null;
  }

  startJob(job: SimJob): void {
    const { machine } = this.model;
    if (machine.busy) {
      throw new Error(`printer is busy (${machine.state}): stop the current job first`);
    }
    const plate = job.plate ?? 1;
    const params = { ...defaultJobParams(job.file, plate) };
    if (job.totalLayers !== undefined) params.totalLayers = job.totalLayers;
    if (job.minutes !== undefined) params.minutes = job.minutes;
    machine.start({
      file: job.file,
      plate,
      subtaskName: jobNameFromFile(job.file),
      stages: [2, 13, 7, 14],
      params,
    });
    this.model.refresh();
    this.pushNow();
  }

  setHms(codes: readonly string[]): void {
    this.model.setHms(codes);
    this.pushNow();
  }

  setDoorOpen(open: boolean): void {
    this.model.setDoorOpen(open);
    this.pushNow();
  }

  sessionStats(): SimSessionStats {
    return this.broker?.stats() ?? { current: 0, peak: 0, kicked: 0 };
  }

  setRequireSignature(on: boolean): void {
    this.model.setRequireSignature(on);
    this.pushNow();
  }

  inject(fault: FaultKind): void {
    switch (fault) {
      case 'drop':
        this.broker?.dropAll();
        return;
      case 'silent':
        this.silent = true;
        return;
      case 'malformed':
        this.send(Buffer.from('{"print":{"command":"push_status","msg":1,"sequence_id":"0",'));
        return;
      case 'oversized': {
        const head = '{"print":{"command":"push_status","msg":1,"sequence_id":"0","padding":"';
        this.send(Buffer.from(`${head}${'x'.repeat(OVERSIZED_BYTES)}"}}`));
        return;
      }
      case 'flood': {
        // Nothing else may be written to the sockets while the packet streams.
        const wasSilent = this.silent;
        this.silent = true;
        void this.broker?.flood(FLOOD_BYTES).finally(() => {
          this.silent = wasSilent;
        });
        return;
      }
    }
  }

  heal(): void {
    this.silent = false;
  }

  async close(): Promise<void> {
    this.closed = true;
    clearTimeout(this.timer);
    await this.broker?.close();
    await this.queue;
  }

  private onRequest(payload: Buffer): void {
    let message: unknown;
    try {
      message = JSON.parse(payload.toString('utf8'));
    } catch {
      return; // a real printer ignores what it cannot parse
    }
    if (message === null || typeof message !== 'object' || Array.isArray(message)) return;
    this.received.push(message as Record<string, unknown>);
    if (this.silent) return; // wedged: takes nothing in, sends nothing out
    const wait = isProjectReply(message as JsonObject) ? (this.projectReply.jobDelayMs ?? 0) : 0;
    if (wait > 0) {
      setTimeout(() => {
        this.queue = this.queue.then(() => this.process(message as JsonObject));
      }, wait).unref();
      return;
    }
    this.queue = this.queue.then(() => this.process(message as JsonObject));
  }

  private async process(message: JsonObject): Promise<void> {
    if (this.closed) return;
    this.advance();
    const outcome = await handleRequest(this.context, message);
    if (this.closed) return;
    const late: JsonObject[] = [];
    for (const r of outcome.replies) {
      if (!isProjectReply(r)) this.sendJson(r);
      else if (this.projectReply.drop !== true) late.push(r);
    }
    if (outcome.pushFull) this.sendJson(this.reporter.full(this.model.print));
    else if (outcome.pushNow) this.pushNow();
    for (const r of late) this.replyLate(r);
  }

  /** `project_file` replies go after the state push, `delayMs` late when asked (quirks.md). */
  private replyLate(r: JsonObject): void {
    const delay = this.projectReply.delayMs ?? 0;
    if (delay <= 0) return this.sendJson(r);
    setTimeout(() => this.sendJson(r), delay).unref();
  }

  private pushNow(): void {
    this.advance();
    if (!this.silent) this.sendJson(this.reporter.periodic(this.model.print));
    this.schedule();
  }

  /** Moves the simulation up to now. */
  private advance(): void {
    const now = Date.now();
    this.model.step(Math.max(0, now - this.lastTick), this.intervals.timeScale);
    this.lastTick = now;
  }

  private schedule(): void {
    clearTimeout(this.timer);
    if (this.closed) return;
    const { machine } = this.model;
    const delay =
      machine.busy || machine.printError !== 0 ? this.intervals.active : this.intervals.idle;
    this.timer = setTimeout(() => {
      this.advance();
      // While silent nothing is cut, so the next delta still carries what clients missed.
      if (!this.silent) this.sendJson(this.reporter.periodic(this.model.print));
      this.schedule();
    }, delay);
  }

  private sendJson(message: JsonObject): void {
    this.send(Buffer.from(JSON.stringify(message, null, 4)));
  }

  private send(payload: Buffer): void {
    if (this.silent || this.closed) return;
    this.broker?.publish(payload);
  }
}

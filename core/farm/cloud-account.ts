import { z } from 'zod';
import type {
  CloudAccountView,
  CloudAddPrinter,
  CloudLoginStart,
  CloudPasswordLogin,
} from '../../shared/contract/cloud-schemas.ts';
import type { RequestHandlers } from '../../shared/contract/contract.ts';
import {
  AccessCode,
  type PrinterInput,
  type PrinterView,
} from '../../shared/contract/farm-schemas.ts';
import { FarmFailure, type FarmError } from '../../shared/contract/result.ts';
import { CloudAuth, type CloudToken } from '../cloud/cloud-auth.ts';
import { CloudClient } from '../cloud/cloud-client.ts';
import { isCloudError } from '../cloud/cloud-errors.ts';
import { CloudMqttConnection } from '../cloud/cloud-mqtt.ts';
import type { BoundDevice } from '../cloud/cloud-schemas.ts';
import { resolveEndpoints, type CloudRegion } from '../cloud/endpoints.ts';
import {
  cloudPrinterViews,
  farmFailureOfCloud,
  overlayCloud,
  signedOutView,
  type FarmPrinterRef,
} from './cloud-views.ts';
import type { FarmLogger, SecretStore } from './ports.ts';

/** Where the account's cloud lives when it is not Bambu's (the virtual cloud in tests and the demo). */
export interface CloudAccountOptions {
  /** REST base (also the web origin for TOTP), e.g. `http://127.0.0.1:4100`. */
  apiUrl?: string;
  /** Cloud MQTT broker, `mqtts://host:port`. */
  mqttUrl?: string;
  /** CA (PEM) of that broker. */
  mqttCaPem?: string;
  /** REST timeout, ms (default 15 000). */
  timeoutMs?: number;
}

/** What the account needs from the engine. */
export interface CloudFarmPort {
  printers(): FarmPrinterRef[];
  markChanged(id: string): void;
  addPrinter(input: PrinterInput): Promise<PrinterView>;
  publish(view: CloudAccountView): void;
}

/** Key of the saved login in the engine's SecretStore (region, email, token). */
export const CLOUD_SECRET_KEY = 'farmdeck:cloud-account';
const SavedLogin = z.object({
  region: z.enum(['global', 'china']),
  email: z.string(),
  token: z.string(),
  /** The REST base and MQTT broker the token was issued for; absent in older saves (Bambu's). */
  apiUrl: z.string().optional(),
  mqttUrl: z.string().optional(),
});

type CloudChannel = Extract<keyof RequestHandlers, `cloud:${string}`>;

/**
 * The farm's Bambu account: login (emailed code, password, authenticator code), the token kept in the
 * SecretStore (never sent to the renderer), the account's printers, and exactly one cloud MQTT connection
 * for all of them. Farm printers the account knows fall back to it when their LAN session is down.
 */
export class CloudAccount {
  private status: CloudAccountView['status'] = 'signed-out';
  private region: CloudRegion = 'global';
  private email: string | null = null;
  private tfaKey: string | null = null;
  private devices: BoundDevice[] = [];
  private mqtt: CloudMqttConnection | null = null;
  private error: FarmError | null = null;
  private publishTimer: ReturnType<typeof setTimeout> | null = null;
  private closed = false;

  constructor(
    private readonly secrets: SecretStore,
    private readonly farm: CloudFarmPort,
    private readonly options: CloudAccountOptions,
    private readonly logger: FarmLogger,
  ) {}

  /** Signs in again with the saved token, if any. Never throws: a failure shows in the view. */
  async restore(): Promise<void> {
    const raw = await this.secrets.get(CLOUD_SECRET_KEY).catch(() => null);
    if (raw === null) return;
    const saved = SavedLogin.safeParse(safeJson(raw));
    if (!saved.success) return;
    this.region = saved.data.region;
    this.email = saved.data.email;
    // A token is only ever sent to the cloud it was issued by (Bambu's or the configured one).
    const home = resolveEndpoints({ region: saved.data.region });
    const here = this.endpoints();
    const savedApi = saved.data.apiUrl ?? home.apiUrl;
    const savedMqtt = saved.data.mqttUrl ?? home.mqttUrl;
    if (savedApi !== here.apiUrl || savedMqtt !== here.mqttUrl) {
      this.error = {
        code: 'cloud-failed',
        message: `the saved cloud login belongs to ${savedApi}, not to ${here.apiUrl} configured now: sign in again`,
      };
      this.logger.warn(`cloud account not restored: ${this.error.message}`);
      return;
    }
    try {
      await this.signIn(saved.data.token);
    } catch (err) {
      const failure = farmFailureOfCloud(err);
      this.error = { code: failure.code, message: failure.message };
      if (isCloudError(err, 'token-expired')) await this.logout();
      this.logger.warn(`cloud account not restored: ${failure.message}`);
    }
  }

  view(): CloudAccountView {
    if (this.status === 'signed-out') return { ...signedOutView(this.region), error: this.error };
    return {
      status: this.status,
      region: this.region,
      email: this.email,
      mqtt: this.mqtt?.status ?? null,
      printers: cloudPrinterViews(this.devices, this.mqtt, this.farm.printers()),
      error: this.error,
    };
  }

  /** A farm printer's view with the path its state comes from (see `overlayCloud`). */
  overlay(view: PrinterView): PrinterView {
    return overlayCloud(view, this.mqtt);
  }

  async requestCode(start: CloudLoginStart): Promise<CloudAccountView> {
    await this.reset(start);
    await this.guard(() => this.auth().requestCode(start.email));
    return this.changed('awaiting-code');
  }

  async loginWithPassword(login: CloudPasswordLogin): Promise<CloudAccountView> {
    await this.reset(login);
    const outcome = await this.guard(() =>
      this.auth().loginWithPassword(login.email, login.password),
    );
    if (outcome.kind === 'token') return this.finishLogin(outcome.token);
    if (outcome.kind === 'tfa-required') this.tfaKey = outcome.tfaKey;
    return this.changed(outcome.kind === 'tfa-required' ? 'awaiting-totp' : 'awaiting-code');
  }

  /** The emailed code, or the authenticator code when the password step asked for one. */
  async submitCode(code: string): Promise<CloudAccountView> {
    const email = this.email;
    if (email === null || (this.status !== 'awaiting-code' && this.status !== 'awaiting-totp')) {
      throw new FarmFailure('invalid-input', 'request a login code first');
    }
    const tfaKey = this.tfaKey;
    const token = await this.guard(() =>
      this.status === 'awaiting-totp' && tfaKey !== null
        ? this.auth().loginWithTotp(tfaKey, code)
        : this.auth().loginWithCode(email, code),
    );
    return this.finishLogin(token);
  }

  /** Closes the cloud connection and deletes the saved token. */
  async logout(): Promise<CloudAccountView> {
    await this.closeMqtt();
    await this.secrets.delete(CLOUD_SECRET_KEY);
    this.status = 'signed-out';
    this.email = null;
    this.tfaKey = null;
    this.devices = [];
    this.markFarmPrinters();
    return this.changed('signed-out');
  }

  /** Adds one of the account's printers to the farm over LAN with the access code the cloud holds. */
  async addPrinter(input: CloudAddPrinter): Promise<PrinterView> {
    const device = this.devices.find((d) => d.dev_id === input.serial);
    if (!device) {
      throw new FarmFailure('not-found', `printer ${input.serial} is not bound to this account`);
    }
    const code = AccessCode.safeParse(device.dev_access_code);
    const accessCode = code.success ? code.data : null;
    if (accessCode === null) {
      throw new FarmFailure(
        'invalid-input',
        `the cloud sent no access code for ${input.serial}: add it by hand with the code from the printer's screen`,
      );
    }
    const view = await this.farm.addPrinter({
      name: input.name ?? device.name ?? input.serial,
      host: input.host,
      serial: input.serial,
      accessCode,
    });
    this.schedulePublish();
    return view;
  }

  handlers(): Pick<RequestHandlers, CloudChannel> {
    return {
      'cloud:get-account': () => Promise.resolve(this.view()),
      'cloud:request-code': (start) => this.requestCode(start),
      'cloud:login-password': (login) => this.loginWithPassword(login),
      'cloud:submit-code': (code) => this.submitCode(code),
      'cloud:logout': () => this.logout(),
      'cloud:add-printer': (input) => this.addPrinter(input),
    };
  }

  /** Called by the engine when the farm's printers or their LAN status changed. */
  farmChanged(): void {
    if (this.status === 'signed-in') this.schedulePublish();
  }

  async close(): Promise<void> {
    this.closed = true;
    if (this.publishTimer !== null) clearTimeout(this.publishTimer);
    this.publishTimer = null;
    await this.closeMqtt();
  }

  private auth(): CloudAuth {
    return new CloudAuth({ region: this.region, ...this.endpointOptions() });
  }

  /** The REST base and MQTT broker this account talks to now. */
  private endpoints() {
    return resolveEndpoints({
      region: this.region,
      ...(this.options.apiUrl === undefined ? {} : { apiUrl: this.options.apiUrl }),
      ...(this.options.mqttUrl === undefined ? {} : { mqttUrl: this.options.mqttUrl }),
    });
  }

  private endpointOptions() {
    return {
      ...(this.options.apiUrl === undefined ? {} : { apiUrl: this.options.apiUrl }),
      ...(this.options.timeoutMs === undefined ? {} : { timeoutMs: this.options.timeoutMs }),
    };
  }

  private async reset(start: CloudLoginStart): Promise<void> {
    if (this.status === 'signed-in') await this.logout();
    this.region = start.region;
    this.email = start.email;
    this.tfaKey = null;
    this.error = null;
  }

  /** Runs a cloud call; a failure is kept in the view and thrown as a FarmFailure. */
  private async guard<T>(call: () => Promise<T>): Promise<T> {
    try {
      return await call();
    } catch (err) {
      const failure = farmFailureOfCloud(err);
      this.error = { code: failure.code, message: failure.message };
      this.schedulePublish();
      throw failure;
    }
  }

  private async finishLogin(token: CloudToken): Promise<CloudAccountView> {
    await this.guard(() => this.signIn(token.token));
    return this.view();
  }

  private async signIn(token: string): Promise<void> {
    const client = new CloudClient({ token, region: this.region, ...this.endpointOptions() });
    const devices = await client.listDevices();
    const uid = await client.getMqttUsername();
    if (this.closed) return;
    await this.secrets.set(
      CLOUD_SECRET_KEY,
      JSON.stringify({
        region: this.region,
        email: this.email ?? '',
        token,
        apiUrl: this.endpoints().apiUrl,
        mqttUrl: this.endpoints().mqttUrl,
      }),
    );
    await this.closeMqtt();
    this.devices = devices;
    const mqtt = new CloudMqttConnection({
      uid,
      token,
      serials: devices.map((d) => d.dev_id),
      region: this.region,
      ...(this.options.mqttUrl === undefined ? {} : { mqttUrl: this.options.mqttUrl }),
      ...(this.options.mqttCaPem === undefined ? {} : { tls: { ca: this.options.mqttCaPem } }),
    });
    this.mqtt = mqtt;
    // A closed connection may still emit: only the live one counts.
    mqtt.on('state', (serial) => this.mqtt === mqtt && this.onCloudPrinter(serial));
    mqtt.on('online', (serial) => this.mqtt === mqtt && this.onCloudPrinter(serial));
    mqtt.on('status', (status, error) => {
      if (this.mqtt !== mqtt) return;
      if (error && status === 'auth-failed') this.error = farmFailureOfCloud(error);
      this.schedulePublish();
    });
    // The first attempt may fail (the broker is down): the connection keeps retrying by itself.
    mqtt.connect().catch((err: unknown) => {
      this.logger.warn(`cloud MQTT: ${farmFailureOfCloud(err).message}`);
    });
    this.status = 'signed-in';
    this.error = null;
    this.tfaKey = null;
    this.markFarmPrinters();
    this.logger.info(`signed in to the Bambu cloud (${devices.length} printer(s))`);
    this.changed('signed-in');
  }

  private onCloudPrinter(serial: string): void {
    const printer = this.farm.printers().find((p) => p.serial === serial);
    if (printer) this.farm.markChanged(printer.id);
    this.schedulePublish();
  }

  private markFarmPrinters(): void {
    for (const p of this.farm.printers()) this.farm.markChanged(p.id);
  }

  private async closeMqtt(): Promise<void> {
    const mqtt = this.mqtt;
    this.mqtt = null;
    if (mqtt) await mqtt.close();
  }

  private changed(status: CloudAccountView['status']): CloudAccountView {
    this.status = status;
    const view = this.view();
    this.farm.publish(view);
    return view;
  }

  /** At most one `cloud:changed` per 500 ms: cloud reports arrive per printer. */
  private schedulePublish(): void {
    if (this.publishTimer !== null || this.closed) return;
    this.publishTimer = setTimeout(() => {
      this.publishTimer = null;
      this.farm.publish(this.view());
    }, 500);
  }
}

function safeJson(raw: string): unknown {
  try {
    return JSON.parse(raw) as unknown;
  } catch {
    return null;
  }
}

/**
 * Typed REST client for the Bambu cloud (cloud-rest.md §5). One instance per token.
 * Read endpoints are the confirmed ones; project/upload/task writes are documented by
 * observation and labelled fragile: Bambu may refuse them for third-party clients.
 */
import { z } from 'zod';
import { cloudFetch, type CloudHttpOptions, type CloudRequest } from './cloud-http.ts';
import {
  AnyObject,
  BoundDevice,
  CameraCredentials,
  DeviceVersion,
  MessageList,
  Preference,
  PrintStatusDevice,
  Profile,
  Project,
  SlicerSettings,
  Task,
  TaskList,
  UploadUrl,
} from './cloud-schemas.ts';
import { resolveEndpoints, type CloudEndpoints, type EndpointOverrides } from './endpoints.ts';
import { parseWith, unwrapEnvelope } from './envelope.ts';
import { mqttUsernameFromToken, tokenExpiresAt } from './jwt.ts';

/** Options of {@link CloudClient}. */
export interface CloudClientOptions extends EndpointOverrides, CloudHttpOptions {
  /** The access token. Secret: sent only in the Authorization header. */
  token: string;
}

/** Filters of {@link CloudClient.listTasks} and {@link CloudClient.listMessages}. */
export interface ListQuery {
  /** Only this printer's jobs (tasks). */
  deviceId?: string;
  /** Message type (messages; 6 = task messages). */
  type?: number;
  /** Cursor: the last id of the previous page. */
  after?: number | string;
  /** Page size (cloud default 20). */
  limit?: number;
}

/** Query of `GET user/upload`: each value gets its own presigned URL. */
export interface UploadUrlQuery {
  filename: string;
  /** Bytes. */
  size: number;
  md5?: string;
  model_id?: string;
  profile_id?: string;
  project_id?: string;
}

const IOT = '/v1/iot-service/api';
const USER = '/v1/user-service';

/** The Bambu cloud REST API for one logged-in account. */
export class CloudClient {
  readonly endpoints: CloudEndpoints;
  readonly #token: string;
  readonly #http: CloudHttpOptions;

  constructor(opts: CloudClientOptions) {
    this.endpoints = resolveEndpoints(opts);
    this.#token = opts.token;
    this.#http = opts;
  }

  /** Token expiry from the JWT `exp` (ms since epoch), null when the token is opaque. */
  get tokenExpiresAt(): number | null {
    return tokenExpiresAt(this.#token);
  }

  /** Sends an authenticated request and returns the unwrapped payload. */
  async call(
    method: CloudRequest['method'],
    path: string,
    extra: Pick<CloudRequest, 'query' | 'body'> = {},
  ): Promise<Record<string, unknown>> {
    const res = await cloudFetch(
      { method, url: this.endpoints.apiUrl + path, token: this.#token, ...extra },
      this.#http,
    );
    return res.json === null ? {} : unwrapEnvelope(res.json, `${method} ${path}`);
  }

  async #get<S extends z.ZodType>(schema: S, path: string, query?: CloudRequest['query']) {
    const body = await this.call('GET', path, query === undefined ? {} : { query });
    return parseWith(schema, body, `GET ${path}`);
  }

  // --- account ---

  /** MakerWorld preference: the numeric `uid` used for cloud MQTT. */
  getPreference(): Promise<Preference> {
    return this.#get(Preference, '/v1/design-user-service/my/preference');
  }

  /** Account profile (`uid`, `name`, `account`, `productModels`). Also the token check. */
  getProfile(): Promise<Profile> {
    return this.#get(Profile, `${USER}/my/profile`);
  }

  /** Checks the token with the profile endpoint; throws `token-expired` when it is dead. */
  async verifyToken(): Promise<{ profile: Profile; expiresAt: number | null }> {
    return { profile: await this.getProfile(), expiresAt: this.tokenExpiresAt };
  }

  /** The cloud MQTT username `u_<uid>`: from the JWT when it has one, else the preference. */
  async getMqttUsername(): Promise<string> {
    return mqttUsernameFromToken(this.#token) ?? `u_${(await this.getPreference()).uid}`;
  }

  /** User settings (`my/setting`) [documented, not confirmed]. */
  getUserSettings(): Promise<AnyObject> {
    return this.#get(AnyObject, `${USER}/my/setting`);
  }

  // --- printers ---

  /** Printers bound to the account, access codes trimmed. */
  async listDevices(): Promise<BoundDevice[]> {
    return (
      await this.#get(
        z.looseObject({ devices: z.array(BoundDevice).default([]) }),
        `${IOT}/user/bind`,
      )
    ).devices;
  }

  /** Each printer's current cloud task summary (`user/print?force=true`). */
  async getPrintStatus(): Promise<PrintStatusDevice[]> {
    const schema = z.looseObject({ devices: z.array(PrintStatusDevice).default([]) });
    return (await this.#get(schema, `${IOT}/user/print`, { force: true })).devices;
  }

  /** Firmware versions and available updates, for one printer or all. */
  async getFirmware(devId?: string): Promise<DeviceVersion[]> {
    const schema = z.looseObject({ devices: z.array(DeviceVersion).default([]) });
    return (await this.#get(schema, `${IOT}/user/device/version`, { dev_id: devId })).devices;
  }

  /** Renames a printer (`PATCH user/device/info`) [documented, not confirmed]. */
  async renameDevice(devId: string, name: string): Promise<void> {
    await this.call('PATCH', `${IOT}/user/device/info`, { body: { dev_id: devId, name } });
  }

  /** TUTK/Agora camera credentials (`ttcode`); usable only with the vendor's SDK. Secret. */
  async getCameraCredentials(devId: string): Promise<CameraCredentials> {
    const body = await this.call('POST', `${IOT}/user/ttcode`, { body: { dev_id: devId } });
    return parseWith(CameraCredentials, body, `POST ${IOT}/user/ttcode`);
  }

  // --- jobs and messages ---

  /** Print history, newest first. */
  listTasks(q: ListQuery = {}): Promise<TaskList> {
    return this.#get(TaskList, `${USER}/my/tasks`, {
      deviceId: q.deviceId,
      after: q.after,
      limit: q.limit,
    });
  }

  /** One job (`my/task/{id}`) [documented from the Handy app]. */
  getTask(id: number | string): Promise<Task> {
    return this.#get(Task, `${USER}/my/task/${encodeURIComponent(String(id))}`);
  }

  /** Message centre (task messages, comments). */
  listMessages(q: ListQuery = {}): Promise<MessageList> {
    return this.#get(MessageList, `${USER}/my/messages`, {
      type: q.type,
      after: q.after,
      limit: q.limit,
    });
  }

  // --- cloud files: projects ---

  async listProjects(): Promise<Project[]> {
    const schema = z.looseObject({ projects: z.array(Project).default([]) });
    return (await this.#get(schema, `${IOT}/user/project`)).projects;
  }

  /** Project detail with its profiles and signed file URLs [documented]. */
  getProject(projectId: string): Promise<AnyObject> {
    return this.#get(AnyObject, `${IOT}/user/project/${encodeURIComponent(projectId)}`);
  }

  /** Profile detail: plates, filaments, config file URLs [documented]. */
  getProfileDetail(profileId: string, modelId: string): Promise<AnyObject> {
    return this.#get(AnyObject, `${IOT}/user/profile/${encodeURIComponent(profileId)}`, {
      model_id: modelId,
    });
  }

  // --- slicer settings and resources ---

  /** Public and private presets; `version` is the slicer version the cloud filters by. */
  getSlicerSettings(version = '1.10.0.89'): Promise<SlicerSettings> {
    return this.#get(SlicerSettings, `${IOT}/slicer/setting`, { version });
  }

  /** One full preset. */
  getSlicerSetting(settingId: string): Promise<AnyObject> {
    return this.#get(AnyObject, `${IOT}/slicer/setting/${encodeURIComponent(settingId)}`);
  }

  /** Creates a private preset; returns the cloud's answer (holds the new `setting_id`). */
  createSlicerSetting(preset: Record<string, unknown>): Promise<Record<string, unknown>> {
    return this.call('POST', `${IOT}/slicer/setting`, { body: preset });
  }

  /** Updates a private preset (PUT, as bambuddy sends it). */
  updateSlicerSetting(preset: Record<string, unknown>): Promise<Record<string, unknown>> {
    return this.call('PUT', `${IOT}/slicer/setting`, { body: preset });
  }

  async deleteSlicerSetting(settingId: string): Promise<void> {
    await this.call('DELETE', `${IOT}/slicer/setting/${encodeURIComponent(settingId)}`);
  }

  /** Downloadable slicer resources, e.g. `{type:'version', 'slicer/plugins/cloud':'01.01.00.00'}`. */
  getSlicerResource(query: Record<string, string>): Promise<AnyObject> {
    return this.#get(AnyObject, `${IOT}/slicer/resource`, query);
  }

  // --- upload (fragile) ---

  /** Presigned S3 PUT URLs, one per query value (`type` names which). */
  async getUploadUrls(q: UploadUrlQuery): Promise<UploadUrl[]> {
    const schema = z.looseObject({ urls: z.array(UploadUrl).default([]) });
    return (await this.#get(schema, `${IOT}/user/upload`, { ...q })).urls;
  }
}

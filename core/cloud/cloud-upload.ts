/**
 * Cloud upload and cloud print. FRAGILE: documented by observation only (cloud-rest.md §7-8).
 * Bambu may refuse these for third-party clients (task creation needs Bambu's signing headers,
 * which Farmdeck never fakes). Printing over the LAN is the reliable path.
 */
import { createHash } from 'node:crypto';
import type { CloudClient } from './cloud-client.ts';
import { CloudError } from './cloud-errors.ts';
import { transportError } from './cloud-http.ts';
import { CreatedProject, type UploadUrl } from './cloud-schemas.ts';
import { parseWith } from './envelope.ts';
import { FARMDECK_USER_AGENT } from './user-agent.ts';

/** Input of {@link uploadToCloud}. */
export interface CloudUpload {
  /** File name the cloud records, e.g. `cube.gcode.3mf`. */
  filename: string;
  data: Uint8Array;
  /** Also ask for (and fill) an `md5` slot. */
  withMd5?: boolean;
  /** Per-PUT timeout, ms (default 120000). */
  timeoutMs?: number;
}

/** Result of {@link uploadToCloud}. */
export interface CloudUploadResult {
  /** The presigned URL the file went to (holds a signature: treat as secret). */
  readonly fileUrl: string;
  /** Upper-case MD5 of the bytes, as the project PATCH wants it. */
  readonly md5: string;
  readonly size: number;
}

/**
 * Signed-URL upload (§7.1): asks for presigned URLs, PUTs the bytes to the `filename` slot and
 * each other value as text to its slot. Sends no Content-Type: extra headers break the signature.
 */
export async function uploadToCloud(
  client: CloudClient,
  upload: CloudUpload,
): Promise<CloudUploadResult> {
  const md5 = createHash('md5').update(upload.data).digest('hex').toUpperCase();
  const urls = await client.getUploadUrls({
    filename: upload.filename,
    size: upload.data.byteLength,
    ...(upload.withMd5 === true ? { md5 } : {}),
  });
  const fileSlot = urls.find((u) => u.type === 'filename');
  if (fileSlot === undefined) {
    throw new CloudError('bad-response', 'GET user/upload: the cloud sent no URL for the file');
  }
  const timeoutMs = upload.timeoutMs ?? 120_000;
  await putSigned(fileSlot, upload.data, timeoutMs);
  for (const slot of urls) {
    if (slot !== fileSlot) await putSigned(slot, Buffer.from(slot.file ?? '', 'utf8'), timeoutMs);
  }
  return { fileUrl: fileSlot.url, md5, size: upload.data.byteLength };
}

async function putSigned(slot: UploadUrl, body: Uint8Array, timeoutMs: number): Promise<void> {
  const url = new URL(slot.url);
  const what = `upload of the ${slot.type} slot`;
  let res: Response;
  try {
    // A Uint8Array body makes fetch send no Content-Type, as the presigned signature requires.
    res = await fetch(url, {
      method: 'PUT',
      body,
      headers: { 'user-agent': FARMDECK_USER_AGENT },
      signal: AbortSignal.timeout(timeoutMs),
    });
  } catch (err) {
    throw transportError(err, what, timeoutMs, url.host);
  }
  const text = await res.text().catch(() => '');
  if (!res.ok) {
    const sig = /SignatureDoesNotMatch/.test(text) ? ' (signature mismatch)' : '';
    throw new CloudError(
      'upload-failed',
      `${what} was refused by the storage host (HTTP ${res.status}${sig}); request new upload URLs and try again`,
      { status: res.status },
    );
  }
}

/** `POST user/project {name}`: a new cloud project with an upload slot (§7.2 step 1). */
export async function createProject(client: CloudClient, name: string): Promise<CreatedProject> {
  const body = await client.call('POST', '/v1/iot-service/api/user/project', { body: { name } });
  return parseWith(CreatedProject, body, 'POST user/project');
}

/** `PUT user/notification`: tells the cloud the project's S3 upload finished (§7.2 step 3). */
export async function notifyUploadDone(
  client: CloudClient,
  ticket: string,
  originFileName: string,
): Promise<void> {
  await client.call('PUT', '/v1/iot-service/api/user/notification', {
    body: { action: 'upload', upload: { ticket, origin_file_name: originFileName } },
  });
}

/** `GET user/notification?action=upload&ticket=`: `message` is `running` until processed. */
export async function getUploadStatus(
  client: CloudClient,
  ticket: string,
): Promise<Record<string, unknown>> {
  return client.call('GET', '/v1/iot-service/api/user/notification', {
    query: { action: 'upload', ticket },
  });
}

/** `PATCH user/project/{id}` (§7.2 step 6), e.g. `{profile_id, profile_print_3mf:[...]}`. */
export async function updateProject(
  client: CloudClient,
  projectId: string,
  patch: Record<string, unknown>,
): Promise<Record<string, unknown>> {
  return client.call('PATCH', `/v1/iot-service/api/user/project/${encodeURIComponent(projectId)}`, {
    body: patch,
  });
}

/** Required fields of a cloud task (§8). */
export interface CloudTaskRequest {
  deviceId: string;
  modelId: string;
  /** Must be an integer here although projects carry it as a string. */
  profileId: number;
  plateIndex: number;
  title: string;
  cover?: string;
  [extra: string]: unknown;
}

/**
 * `POST my/task`: creates the cloud task that a cloud print needs. FRAGILE: Bambu accepts it
 * only from its own apps; a refusal surfaces as `client-rejected` ("print over the LAN").
 */
export async function createCloudTask(
  client: CloudClient,
  task: CloudTaskRequest,
): Promise<{ id: number }> {
  try {
    const body = await client.call('POST', '/v1/user-service/my/task', {
      body: { cover: '', mode: 'cloud_file', ...task },
    });
    const id = body['id'];
    if (typeof id !== 'number') {
      throw new CloudError('bad-response', 'POST my/task: the cloud sent no task id');
    }
    return { id };
  } catch (err) {
    if (err instanceof CloudError && (err.code === 'client-rejected' || err.code === 'forbidden')) {
      throw new CloudError(
        'client-rejected',
        'the Bambu cloud refuses to start prints from third-party clients: print over the LAN (Developer Mode) or use Bambu Connect',
        { ...(err.status === undefined ? {} : { status: err.status }) },
      );
    }
    throw err;
  }
}

/**
 * Loose zod schemas of the cloud's responses (cloud-rest.md §6). Unknown fields are kept
 * (`looseObject`), fields working clients rely on are typed, everything else is optional:
 * the cloud adds and drops fields without notice.
 */
import { z } from 'zod';

const str = z.string().nullish();
const num = z.number().nullish();
const bool = z.boolean().nullish();

/** `GET /v1/iot-service/api/user/bind` → `devices[]`. */
export const BoundDevice = z.looseObject({
  dev_id: z.string(),
  name: str,
  online: bool,
  print_status: str,
  dev_model_name: str,
  dev_product_name: str,
  /** LAN access code, trimmed (the cloud sometimes appends `\n`). Secret. */
  dev_access_code: z
    .string()
    .nullish()
    .transform((v) => (typeof v === 'string' ? v.trim() : v)),
  nozzle_diameter: num,
  dev_structure: str,
  print_job: z.union([z.string(), z.number()]).nullish(),
});
export type BoundDevice = z.infer<typeof BoundDevice>;

/** `GET /v1/iot-service/api/user/print` → `devices[]` (task fields null when idle). */
export const PrintStatusDevice = z.looseObject({
  dev_id: z.string(),
  dev_name: str,
  dev_model_name: str,
  dev_product_name: str,
  dev_online: bool,
  dev_access_code: z
    .string()
    .nullish()
    .transform((v) => (typeof v === 'string' ? v.trim() : v)),
  task_id: z.union([z.string(), z.number()]).nullish(),
  task_name: str,
  task_status: str,
  model_id: str,
  project_id: z.union([z.string(), z.number()]).nullish(),
  profile_id: z.union([z.string(), z.number()]).nullish(),
  start_time: str,
  prediction: num,
  progress: num,
  thumbnail: str,
});
export type PrintStatusDevice = z.infer<typeof PrintStatusDevice>;

const FirmwareEntry = z.looseObject({
  version: str,
  force_update: bool,
  url: str,
  description: str,
});

/** `GET /v1/iot-service/api/user/device/version` → `devices[]`. */
export const DeviceVersion = z.looseObject({
  dev_id: z.string(),
  version: str,
  firmware: z.array(FirmwareEntry).nullish(),
  ams: z.array(z.looseObject({ firmware: z.array(FirmwareEntry).nullish() })).nullish(),
});
export type DeviceVersion = z.infer<typeof DeviceVersion>;

/** `GET /v1/design-user-service/my/preference`: `uid` is what cloud MQTT needs. */
export const Preference = z.looseObject({ uid: z.number(), name: str, handle: str, avatar: str });
export type Preference = z.infer<typeof Preference>;

/** `GET /v1/user-service/my/profile`. */
export const Profile = z.looseObject({
  uid: z.union([z.number(), z.string()]).nullish(),
  name: str,
  account: str,
  productModels: z.array(z.string()).nullish(),
});
export type Profile = z.infer<typeof Profile>;

/** One job of `GET /v1/user-service/my/tasks`. `status`: 1 running, 2 finished, 3 failed. */
export const Task = z.looseObject({
  id: z.number(),
  title: str,
  cover: str,
  status: num,
  startTime: str,
  endTime: str,
  /** Slice estimate, g. */
  weight: num,
  /** Slice estimate, cm. */
  length: num,
  /** Slice estimate, s. */
  costTime: num,
  modelId: str,
  profileId: z.union([z.number(), z.string()]).nullish(),
  plateIndex: num,
  deviceId: str,
  deviceName: str,
  deviceModel: str,
  mode: str,
  amsDetailMapping: z.array(z.looseObject({})).nullish(),
});
export type Task = z.infer<typeof Task>;

/** `GET /v1/user-service/my/tasks`: newest first, `total` counts all. */
export const TaskList = z.looseObject({ total: num, hits: z.array(Task).default([]) });
export type TaskList = z.infer<typeof TaskList>;

/** `GET /v1/user-service/my/messages`. */
export const MessageList = z.looseObject({
  total: num,
  hits: z
    .array(
      z.looseObject({
        id: z.union([z.number(), z.string()]),
        type: num,
        taskMessage: z.looseObject({}).nullish(),
        createTime: str,
      }),
    )
    .default([]),
});
export type MessageList = z.infer<typeof MessageList>;

/** One of `GET /v1/iot-service/api/user/project` → `projects[]`. */
export const Project = z.looseObject({
  project_id: z.union([z.string(), z.number()]),
  user_id: z.union([z.string(), z.number()]).nullish(),
  model_id: str,
  status: str,
  name: str,
  content: str,
  create_time: str,
  update_time: str,
});
export type Project = z.infer<typeof Project>;

/** `POST /v1/iot-service/api/user/project`. */
export const CreatedProject = z.looseObject({
  project_id: z.union([z.string(), z.number()]),
  model_id: str,
  profile_id: z.union([z.string(), z.number()]).nullish(),
  upload_url: str,
  upload_ticket: str,
});
export type CreatedProject = z.infer<typeof CreatedProject>;

/** `POST /v1/iot-service/api/user/ttcode`: TUTK/Agora credentials (secret; vendor SDK only). */
export const CameraCredentials = z.looseObject({
  ttcode: str,
  passwd: str,
  authkey: str,
  region: str,
  type: str,
});
export type CameraCredentials = z.infer<typeof CameraCredentials>;

const SettingEntry = z.looseObject({
  setting_id: z.string(),
  version: str,
  name: str,
  update_time: str,
  nickname: str,
  filament_id: str,
});
const SettingGroup = z.looseObject({
  public: z.array(SettingEntry).default([]),
  private: z.array(SettingEntry).default([]),
});

/** `GET /v1/iot-service/api/slicer/setting`. */
export const SlicerSettings = z.looseObject({
  print: SettingGroup.nullish(),
  printer: SettingGroup.nullish(),
  filament: SettingGroup.nullish(),
});
export type SlicerSettings = z.infer<typeof SlicerSettings>;

/** `GET /v1/iot-service/api/user/upload` → `urls[]`: one presigned PUT per value. */
export const UploadUrl = z.looseObject({ type: z.string(), file: str, url: z.string() });
export type UploadUrl = z.infer<typeof UploadUrl>;

/** Any JSON object, kept whole (detail endpoints whose shape is documented only loosely). */
export const AnyObject = z.looseObject({});
export type AnyObject = z.infer<typeof AnyObject>;

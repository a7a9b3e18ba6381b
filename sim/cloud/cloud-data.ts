/**
 * What the virtual cloud knows besides accounts: job history, projects, presets, upload tickets
 * and the fake S3's objects. Shapes follow the captured responses (cloud-rest.md §6).
 */
import { createHmac, randomBytes } from 'node:crypto';
import type { SimAccount } from './cloud-accounts.ts';
import type { VirtualCloudDevice } from './virtual-cloud-api.ts';

/** Live facts about a bound printer, from the MQTT relay. */
export interface DeviceLiveStatus {
  online: boolean;
  gcodeState: string | null;
  progress: number | null;
  jobName: string | null;
  remainingMinutes: number | null;
}

/** Model code per product name, as the bind list reports them. */
const MODEL_CODES: Record<string, string> = {
  'X1 Carbon': 'BL-P001',
  X1E: 'C13',
  P1S: 'C12',
  P1P: 'C11',
  'A1 mini': 'N1',
  A1: 'N2S',
  H2D: 'O1D',
  P2S: 'N7',
};

export function productOf(dev: VirtualCloudDevice): string {
  return dev.product ?? 'P1S';
}

export function modelCodeOf(dev: VirtualCloudDevice): string {
  return MODEL_CODES[productOf(dev)] ?? productOf(dev);
}

export function deviceName(dev: VirtualCloudDevice): string {
  return dev.name ?? `Bambu ${productOf(dev)}`;
}

export interface SimProject {
  project_id: string;
  user_id: string;
  model_id: string;
  profile_id: string;
  status: string;
  name: string;
  content: string;
  create_time: string;
  update_time: string;
  upload_ticket: string;
}

const SIGN_KEY = randomBytes(32);

/** Cloud-side storage shared by the routes. */
export class CloudData {
  readonly uploads = new Map<string, Buffer>();
  readonly #projects = new Map<number, SimProject[]>();
  readonly #settings = new Map<number, Record<string, unknown>[]>();
  readonly #tickets = new Map<string, number>();
  #nextId = 600_000_000;

  /** Origin of the cloud's HTTP server (set once it listens); prefixes every URL handed out. */
  baseUrl = '';

  nextId(): number {
    return ++this.#nextId;
  }

  /** Job history: one finished job per bound printer (newest first). */
  tasks(acc: SimAccount): Record<string, unknown>[] {
    return acc.devices.map((dev, i) => {
      const start = Date.UTC(2026, 0, 10 - i, 8, 0, 0);
      return {
        id: 35_237_965 + i,
        designId: 0,
        designTitle: '',
        instanceId: 0,
        modelId: `US${(0xa0 + i).toString(16)}00000000000a`,
        title: `Cube ${i + 1}`,
        cover: `${this.baseUrl}/covers/${35_237_965 + i}.png`,
        status: 2,
        failedType: 0,
        feedbackStatus: 0,
        startTime: new Date(start).toISOString().replace('.000', ''),
        endTime: new Date(start + 10_346_000).toISOString().replace('.000', ''),
        weight: 34.62,
        length: 1161,
        costTime: 10346,
        profileId: 35_276_233 + i,
        plateIndex: 1,
        plateName: '',
        deviceId: dev.serial,
        amsDetailMapping: [
          {
            ams: 0,
            sourceColor: 'F4D976FF',
            targetColor: 'F4D976FF',
            filamentId: 'GFL99',
            filamentType: 'PLA',
            targetFilamentType: '',
            weight: 34.62,
            nozzleId: 0,
            amsId: 0,
            slotId: 0,
          },
        ],
        mode: 'cloud_file',
        isPublicProfile: false,
        isPrintable: true,
        deviceModel: productOf(dev),
        deviceName: deviceName(dev),
        bedType: 'textured_plate',
        jobType: 1,
        material: { id: '', name: '' },
      };
    });
  }

  projects(uid: number): SimProject[] {
    let list = this.#projects.get(uid);
    if (list === undefined) {
      list = [
        {
          project_id: String(164_995_388 + (uid % 1000)),
          user_id: String(uid),
          model_id: 'US48e2103d939bf8',
          profile_id: '636077332',
          status: 'ACTIVE',
          name: 'Alcohol_Marker_Storage',
          content: "{'printed_plates': [{'plate': 1}]}",
          create_time: '2024-11-17 06:12:33',
          update_time: '2024-11-17 06:12:40',
          upload_ticket: '',
        },
      ];
      this.#projects.set(uid, list);
    }
    return list;
  }

  privateSettings(uid: number): Record<string, unknown>[] {
    let list = this.#settings.get(uid);
    if (list === undefined) {
      list = [
        {
          setting_id: 'PFUS46ea5c221cabe5',
          version: '1.9.0.14',
          name: 'Fillamentum PLA Extrafill @Bambu Lab X1 Carbon 0.4 nozzle',
          update_time: '2024-07-10 06:48:17',
          base_id: null,
          filament_id: 'Pc628b24',
          filament_type: 'PLA',
          filament_is_support: '0',
          nozzle_temperature: [190, 240],
          nozzle_hrc: '3',
          filament_vendor: 'Fillamentum',
          type: 'filament',
          setting: {},
        },
      ];
      this.#settings.set(uid, list);
    }
    return list;
  }

  /** A presigned-looking URL on the fake S3 for `key`. */
  signedUrl(key: string): string {
    const sig = createHmac('sha256', SIGN_KEY).update(key).digest('hex');
    return `${this.baseUrl}/s3/or-cloud-upload-prod/${key}?X-Amz-Algorithm=AWS4-HMAC-SHA256&X-Amz-Expires=3600&X-Amz-Signature=${sig}`;
  }

  /** True when `sig` signs `key`. */
  checkSignature(key: string, sig: string | null): boolean {
    return sig === createHmac('sha256', SIGN_KEY).update(key).digest('hex');
  }

  newTicket(): string {
    const ticket = randomBytes(12).toString('hex');
    this.#tickets.set(ticket, -1);
    return ticket;
  }

  /** Marks an upload ticket as reported complete (processing starts). */
  completeTicket(ticket: string): boolean {
    if (!this.#tickets.has(ticket)) return false;
    this.#tickets.set(ticket, 0);
    return true;
  }

  /** `running` on the first poll after completion, then `success`; null for unknown tickets. */
  pollTicket(ticket: string): 'running' | 'success' | 'waiting' | null {
    const polls = this.#tickets.get(ticket);
    if (polls === undefined) return null;
    if (polls < 0) return 'waiting';
    this.#tickets.set(ticket, polls + 1);
    return polls === 0 ? 'running' : 'success';
  }
}

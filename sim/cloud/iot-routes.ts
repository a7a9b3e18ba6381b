/**
 * `/v1/iot-service/api/...` routes of the virtual cloud: envelope A (payload beside
 * `message/code/error`), or envelope D when the cloud was started with `dataEnvelope`.
 */
import { randomBytes } from 'node:crypto';
import type { SimAccount } from './cloud-accounts.ts';
import {
  deviceName,
  modelCodeOf,
  productOf,
  type CloudData,
  type DeviceLiveStatus,
} from './cloud-data.ts';
import { iotEnvelope, sendError, sendJson, str, type Route } from './http-kit.ts';
import { projectRoutes } from './project-routes.ts';
import { slicerRoutes } from './slicer-routes.ts';

export interface IotDeps {
  readonly data: CloudData;
  readonly dataEnvelope: boolean;
  status(serial: string): DeviceLiveStatus;
}

const P = '/v1/iot-service/api';

export function iotRoutes(deps: IotDeps): Route[] {
  const ok = (payload: Record<string, unknown>) => iotEnvelope(payload, deps.dataEnvelope);
  const findDevice = (acc: SimAccount, serial: string) =>
    acc.devices.find((d) => d.serial === serial);

  return [
    {
      method: 'GET',
      path: new RegExp(`^${P}/user/bind$`),
      handler: ({ account }, res) =>
        sendJson(
          res,
          200,
          ok({
            devices: account.devices.map((d) => {
              const live = deps.status(d.serial);
              return {
                dev_id: d.serial,
                name: deviceName(d),
                online: live.online,
                print_status: printStatus(live.gcodeState),
                dev_model_name: modelCodeOf(d),
                dev_product_name: productOf(d),
                // The real cloud has been seen appending a newline; clients must trim.
                dev_access_code: `${d.accessCode}\n`,
                nozzle_diameter: 0.4,
                dev_structure: productOf(d).startsWith('A1') ? 'I3' : 'CoreXY',
                print_job: '775084413',
              };
            }),
          }),
        ),
    },
    {
      method: 'GET',
      path: new RegExp(`^${P}/user/print$`),
      handler: ({ account }, res) =>
        sendJson(
          res,
          200,
          ok({
            devices: account.devices.map((d) => {
              const live = deps.status(d.serial);
              const busy =
                live.gcodeState === 'RUNNING' ||
                live.gcodeState === 'PAUSE' ||
                live.gcodeState === 'PREPARE';
              return {
                dev_id: d.serial,
                dev_name: deviceName(d),
                dev_model_name: modelCodeOf(d),
                dev_product_name: productOf(d),
                dev_online: live.online,
                dev_access_code: d.accessCode,
                task_id: busy ? '775084413' : null,
                task_name: busy ? live.jobName : null,
                task_status: busy ? live.gcodeState : null,
                model_id: null,
                project_id: null,
                profile_id: null,
                start_time: null,
                prediction:
                  busy && live.remainingMinutes !== null ? live.remainingMinutes * 60 : null,
                progress: busy ? live.progress : null,
                thumbnail: null,
              };
            }),
          }),
        ),
    },
    {
      method: 'GET',
      path: new RegExp(`^${P}/user/device/version$`),
      handler: ({ account, url }, res) => {
        const only = url.searchParams.get('dev_id');
        const devices = account.devices
          .filter((d) => only === null || d.serial === only)
          .map((d) => ({
            dev_id: d.serial,
            version: '01.08.02.00',
            firmware: [
              {
                version: '01.09.00.00',
                force_update: false,
                url: `https://upgrade-file.bambulab.com/device/${modelCodeOf(d)}/01.09.00.00/product/ota-v01.09.00.00.json.sig`,
                description: '(release notes)',
              },
            ],
            ams: [{ firmware: [{ version: '00.00.06.49', url: '', description: '' }] }],
          }));
        sendJson(res, 200, ok({ devices }));
      },
    },
    {
      method: 'PATCH',
      path: new RegExp(`^${P}/user/device/info$`),
      handler: ({ account, body }, res) => {
        const dev = findDevice(account, str(body, 'dev_id'));
        if (dev === undefined) return sendError(res, 400, 12, 'Device not bound to this account');
        if (str(body, 'name') !== '') dev.name = str(body, 'name');
        sendJson(res, 200, ok({}));
      },
    },
    {
      method: 'POST',
      path: new RegExp(`^${P}/user/ttcode$`),
      handler: ({ account, body }, res) => {
        if (findDevice(account, str(body, 'dev_id')) === undefined) {
          return sendError(res, 400, 12, 'Device not bound to this account');
        }
        sendJson(
          res,
          200,
          ok({
            ttcode: randomBytes(10).toString('hex').toUpperCase(),
            passwd: randomBytes(3).toString('hex'),
            authkey: randomBytes(4).toString('hex'),
            region: 'us',
            type: 'tutk',
            streams: null,
            peers: null,
            stream_key: '',
            stream_salt: '',
            channel_name: '',
            app_id: '',
            rtm: null,
          }),
        );
      },
    },
    {
      // Real behaviour: always "permission denied", even for one's own task (OpenBambuAPI).
      method: 'GET',
      path: new RegExp(`^${P}/user/task/\\d+$`),
      handler: (_req, res) =>
        sendJson(res, 403, {
          message: 'permission denied',
          code: 8,
          error: 'Resource forbidden',
        }),
    },
    ...projectRoutes(deps, ok),
    ...slicerRoutes(deps, ok),
  ];
}

function printStatus(gcodeState: string | null): string {
  if (gcodeState === 'RUNNING' || gcodeState === 'PREPARE' || gcodeState === 'PAUSE')
    return 'RUNNING';
  if (gcodeState === 'FAILED') return 'FAILED';
  return 'SUCCESS';
}

/**
 * `/v1/iot-service/api/slicer/...`: presets (public + the account's private ones) and resources.
 */
import type { CloudData } from './cloud-data.ts';
import { sendError, sendJson, str, type Route } from './http-kit.ts';

const P = '/v1/iot-service/api/slicer';

const PUBLIC = {
  print: [
    {
      setting_id: 'GP004',
      version: '01.09.00.15',
      name: '0.20mm Standard @BBL X1C',
      update_time: '2024-07-04 11:27:08',
      nickname: null,
    },
  ],
  printer: [
    {
      setting_id: 'GM001',
      version: '01.09.00.15',
      name: 'Bambu Lab X1 Carbon 0.4 nozzle',
      update_time: '2024-07-04 11:25:07',
      nickname: null,
    },
  ],
  filament: [
    {
      setting_id: 'GFSA01',
      version: '01.09.00.15',
      name: 'Bambu PLA Matte @BBL X1C',
      update_time: '2024-07-04 11:29:21',
      nickname: null,
      filament_id: 'GFA01',
    },
  ],
};

export function slicerRoutes(
  deps: { readonly data: CloudData },
  ok: (p: Record<string, unknown>) => unknown,
): Route[] {
  const { data } = deps;
  const group = (uid: number, type: keyof typeof PUBLIC) => ({
    public: PUBLIC[type],
    private: data
      .privateSettings(uid)
      .filter((s) => s['type'] === type)
      .map(({ type: _t, setting: _s, ...rest }) => rest),
  });
  return [
    {
      method: 'GET',
      path: new RegExp(`^${P}/setting$`),
      handler: ({ account }, res) =>
        sendJson(
          res,
          200,
          ok({
            print: group(account.uid, 'print'),
            printer: group(account.uid, 'printer'),
            filament: group(account.uid, 'filament'),
            settings: {},
          }),
        ),
    },
    {
      method: 'GET',
      path: new RegExp(`^${P}/setting/([\\w-]+)$`),
      handler: ({ account, params }, res) => {
        const all = [
          ...PUBLIC.print,
          ...PUBLIC.printer,
          ...PUBLIC.filament,
          ...data.privateSettings(account.uid),
        ];
        const found = all.find((s) => s.setting_id === params[0]);
        if (found === undefined) return sendError(res, 404, 15, 'Setting not found');
        sendJson(res, 200, ok({ ...found, setting: 'setting' in found ? found.setting : {} }));
      },
    },
    {
      method: 'POST',
      path: new RegExp(`^${P}/setting$`),
      handler: ({ account, body }, res) => {
        const type = str(body, 'type');
        if (type !== 'print' && type !== 'printer' && type !== 'filament') {
          return sendError(res, 400, 10, 'type must be print, printer or filament');
        }
        const id = `P${type[0]?.toUpperCase() ?? 'X'}US${data.nextId().toString(16)}`;
        data.privateSettings(account.uid).push({
          setting_id: id,
          version: str(body, 'version') || '1.10.0.89',
          name: str(body, 'name') || 'Untitled',
          update_time: '2026-01-01 00:00:00',
          nickname: null,
          type,
          setting: body['setting'] ?? {},
        });
        sendJson(res, 200, ok({ setting_id: id, update_time: '2026-01-01 00:00:00' }));
      },
    },
    {
      method: 'PUT',
      path: new RegExp(`^${P}/setting$`),
      handler: ({ account, body }, res) => {
        const found = data
          .privateSettings(account.uid)
          .find((s) => s['setting_id'] === str(body, 'setting_id'));
        if (found === undefined) return sendError(res, 404, 15, 'Setting not found');
        if (str(body, 'name') !== '') found['name'] = str(body, 'name');
        if (body['setting'] !== undefined) found['setting'] = body['setting'];
        sendJson(res, 200, ok({ setting_id: found['setting_id'] }));
      },
    },
    {
      method: 'DELETE',
      path: new RegExp(`^${P}/setting/([\\w-]+)$`),
      handler: ({ account, params }, res) => {
        const list = data.privateSettings(account.uid);
        const idx = list.findIndex((s) => s['setting_id'] === params[0]);
        if (idx < 0) return sendError(res, 404, 15, 'Setting not found');
        list.splice(idx, 1);
        sendJson(res, 200, ok({}));
      },
    },
    {
      method: 'GET',
      path: new RegExp(`^${P}/resource$`),
      handler: ({ url }, res) => {
        const resources = [...url.searchParams.entries()]
          .filter(([k]) => k !== 'type')
          .map(([type, version]) => ({
            type,
            version,
            description: '',
            url: `${data.baseUrl}/resources/${type.replaceAll('/', '_')}-${version}.zip`,
            force_update: false,
          }));
        sendJson(res, 200, ok({ software: null, resources }));
      },
    },
  ];
}

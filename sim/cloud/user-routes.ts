/**
 * `/v1/user-service/my/...` and `/v1/design-user-service/...`: bare-object answers
 * (envelope B): profile, preference, settings, tasks, messages, and task creation.
 */
import type { CloudData } from './cloud-data.ts';
import { sendJson, type Route } from './http-kit.ts';

export function userRoutes(data: CloudData): Route[] {
  return [
    {
      method: 'GET',
      path: /^\/v1\/design-user-service\/my\/preference$/,
      handler: ({ account: a }, res) =>
        sendJson(res, 200, {
          uid: a.uid,
          name: a.name,
          handle: a.name,
          avatar: `${data.baseUrl}/avatars/${a.uid}.png`,
          bio: '',
          links: [],
          backgroundUrl: '',
        }),
    },
    {
      method: 'GET',
      path: /^\/v1\/user-service\/my\/profile$/,
      handler: ({ account: a }, res) =>
        sendJson(res, 200, {
          uid: a.uid,
          name: a.name,
          account: a.email,
          avatar: '',
          productModels: [...new Set(a.devices.map((d) => d.product ?? 'P1S'))],
        }),
    },
    {
      method: 'GET',
      path: /^\/v1\/user-service\/my\/setting$/,
      handler: (_req, res) => sendJson(res, 200, { language: 'en', unit: 'metric' }),
    },
    {
      method: 'GET',
      path: /^\/v1\/user-service\/my\/tasks$/,
      handler: ({ account, url }, res) => {
        let hits = data.tasks(account);
        const deviceId = url.searchParams.get('deviceId');
        if (deviceId !== null) hits = hits.filter((t) => t['deviceId'] === deviceId);
        const after = Number(url.searchParams.get('after') ?? NaN);
        if (!Number.isNaN(after)) hits = hits.filter((t) => Number(t['id']) < after);
        const limit = Number(url.searchParams.get('limit') ?? 20);
        sendJson(res, 200, { total: hits.length, hits: hits.slice(0, limit) });
      },
    },
    {
      method: 'GET',
      path: /^\/v1\/user-service\/my\/task\/(\d+)$/,
      handler: ({ account, params }, res) => {
        const task = data.tasks(account).find((t) => String(t['id']) === params[0]);
        if (task === undefined) sendJson(res, 404, { code: 404, error: 'Task not found' });
        else sendJson(res, 200, task);
      },
    },
    {
      method: 'GET',
      path: /^\/v1\/user-service\/my\/messages$/,
      handler: ({ account }, res) => {
        const hits = data.tasks(account).map((t, i) => ({
          id: 9_000_000 + i,
          type: 6,
          design: null,
          comment: null,
          taskMessage: {
            id: t['id'],
            title: t['title'],
            cover: t['cover'],
            status: t['status'],
            deviceId: t['deviceId'],
          },
          from: { uid: account.uid, name: account.name, avatar: '' },
          createTime: t['endTime'],
        }));
        sendJson(res, 200, { total: hits.length, hits });
      },
    },
    {
      // Bambu accepts task creation only from its own signed apps; unsigned requests get an
      // empty 400 (cloud-rest.md §3), which is what Farmdeck, honestly identified, receives.
      method: 'POST',
      path: /^\/v1\/user-service\/my\/task$/,
      handler: (req, res) => {
        if (req.headers['x-bbl-device-security-sign'] === undefined) {
          res.writeHead(400, { 'content-length': 0 });
          res.end();
          return;
        }
        sendJson(res, 200, { id: data.nextId() });
      },
    },
  ];
}

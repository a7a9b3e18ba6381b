/**
 * Cloud files of the virtual cloud: projects, profiles, presigned upload URLs and the upload
 * ticket notifications (cloud-rest.md §5.2, §7).
 */
import { randomBytes } from 'node:crypto';
import type { CloudData } from './cloud-data.ts';
import { sendError, sendJson, str, type Route } from './http-kit.ts';

const P = '/v1/iot-service/api';

export function projectRoutes(
  deps: { readonly data: CloudData },
  ok: (p: Record<string, unknown>) => unknown,
): Route[] {
  const { data } = deps;
  return [
    {
      method: 'GET',
      path: new RegExp(`^${P}/user/project$`),
      handler: ({ account }, res) =>
        sendJson(
          res,
          200,
          ok({
            projects: data
              .projects(account.uid)
              .map(({ upload_ticket: _t, profile_id: _p, ...p }) => p),
          }),
        ),
    },
    {
      method: 'POST',
      path: new RegExp(`^${P}/user/project$`),
      handler: ({ account, body }, res) => {
        const name = str(body, 'name');
        if (name === '') return sendError(res, 400, 10, 'name is required');
        const id = String(data.nextId());
        const project = {
          project_id: id,
          user_id: String(account.uid),
          model_id: `US${randomBytes(7).toString('hex')}`,
          profile_id: String(data.nextId()),
          status: 'ACTIVE',
          name,
          content: 'null',
          create_time: '2026-01-01 00:00:00',
          update_time: '2026-01-01 00:00:00',
          upload_ticket: data.newTicket(),
        };
        data.projects(account.uid).push(project);
        sendJson(
          res,
          200,
          ok({
            project_id: project.project_id,
            model_id: project.model_id,
            profile_id: project.profile_id,
            upload_url: data.signedUrl(`users/${account.uid}/project/${id}/${name}`),
            upload_ticket: project.upload_ticket,
          }),
        );
      },
    },
    {
      method: 'GET',
      path: new RegExp(`^${P}/user/project/(\\d+)$`),
      handler: ({ account, params }, res) => {
        const p = data.projects(account.uid).find((x) => x.project_id === params[0]);
        if (p === undefined) return sendError(res, 404, 13, 'Project not found');
        sendJson(
          res,
          200,
          ok({
            ...p,
            download_url: null,
            upload_url: null,
            profiles: [
              {
                profile_id: p.profile_id,
                model_id: p.model_id,
                name: p.name,
                context: { plates: [] },
              },
            ],
          }),
        );
      },
    },
    {
      method: 'PATCH',
      path: new RegExp(`^${P}/user/project/(\\d+)$`),
      handler: ({ account, params }, res) => {
        const p = data.projects(account.uid).find((x) => x.project_id === params[0]);
        if (p === undefined) return sendError(res, 404, 13, 'Project not found');
        p.update_time = '2026-01-01 00:00:01';
        sendJson(res, 200, ok({}));
      },
    },
    {
      method: 'GET',
      path: new RegExp(`^${P}/user/profile/(\\d+)$`),
      handler: ({ params, url }, res) =>
        sendJson(
          res,
          200,
          ok({
            profile_id: params[0],
            model_id: url.searchParams.get('model_id') ?? '',
            status: 'ACTIVE',
            name: 'Untitled',
            content: null,
            context: {
              compatibility: {
                dev_model_name: 'BL-P001',
                dev_product_name: 'X1 Carbon',
                nozzle_diameter: 0.4,
              },
              configs: [],
              plates: [
                {
                  index: 1,
                  prediction: 3348,
                  weight: 12.6,
                  filaments: [
                    { id: '1', type: 'PLA', color: '#00AE42', used_m: '4.16', used_g: '12.60' },
                  ],
                },
              ],
              materials: [{ color: '00AE42', material: 'PLA' }],
            },
            filename: 'model.3mf',
            url: null,
            md5: null,
          }),
        ),
    },
    {
      method: 'GET',
      path: new RegExp(`^${P}/user/upload$`),
      handler: ({ account, url }, res) => {
        const filename = url.searchParams.get('filename') ?? '';
        if (filename === '') return sendError(res, 400, 10, 'filename is required');
        const stamp = Date.now();
        const urls = ['filename', 'size', 'md5', 'model_id', 'profile_id', 'project_id']
          .filter((t) => url.searchParams.has(t))
          .map((type) => {
            const value = url.searchParams.get(type) ?? '';
            return {
              type,
              file: value,
              url: data.signedUrl(`users/${account.uid}/${type}/${stamp}/${value}`),
            };
          });
        sendJson(res, 200, ok({ host: 'user', urls }));
      },
    },
    {
      method: 'PUT',
      path: new RegExp(`^${P}/user/notification$`),
      handler: ({ body }, res) => {
        const upload = body['upload'];
        const ticket =
          typeof upload === 'object' && upload !== null
            ? str(upload as Record<string, unknown>, 'ticket')
            : '';
        if (!data.completeTicket(ticket)) return sendError(res, 400, 14, 'Unknown upload ticket');
        sendJson(res, 200, ok({}));
      },
    },
    {
      method: 'GET',
      path: new RegExp(`^${P}/user/notification$`),
      handler: ({ url }, res) => {
        const state = data.pollTicket(url.searchParams.get('ticket') ?? '');
        if (state === null) return sendError(res, 400, 14, 'Unknown upload ticket');
        sendJson(res, 200, {
          ...(ok({}) as object),
          message: state === 'success' ? 'success' : 'running',
        });
      },
    },
  ];
}

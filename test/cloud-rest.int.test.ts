import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CloudClient } from '../core/cloud/cloud-client.ts';
import { CloudError } from '../core/cloud/cloud-errors.ts';
import {
  createCloudTask,
  createProject,
  getUploadStatus,
  notifyUploadDone,
  updateProject,
  uploadToCloud,
} from '../core/cloud/cloud-upload.ts';
import { demoAccounts } from '../sim/cloud/test-support/demo-accounts.ts';
import type { VirtualCloud } from '../sim/cloud/virtual-cloud-api.ts';
import { startVirtualCloud } from '../sim/cloud/virtual-cloud.ts';
import { loadFixture } from './fixtures.ts';

type Obj = Record<string, unknown>;
const fixtureKeys = (name: string, pick: (o: Obj) => unknown = (o) => o) =>
  Object.keys(pick(loadFixture<Obj>(`cloud/${name}`)) as Obj).filter((k) => k !== '_source');

let cloud: VirtualCloud;
let client: CloudClient;

beforeAll(async () => {
  cloud = await startVirtualCloud({ accounts: demoAccounts(), mqttPort: false });
  client = new CloudClient({ apiUrl: cloud.apiUrl, token: cloud.issueToken('pw@example.com') });
});
afterAll(() => cloud.close());

describe('account endpoints', () => {
  it('preference carries the uid, profile the account', async () => {
    const pref = await client.getPreference();
    expect(pref.uid).toBe(1111);
    for (const k of fixtureKeys('cloud-preference.json')) expect(pref).toHaveProperty(k);
    const { profile, expiresAt } = await client.verifyToken();
    expect(profile).toMatchObject({ uid: 1111, account: 'pw@example.com' });
    expect(profile.productModels).toEqual(['P1S', 'X1 Carbon']);
    expect(expiresAt).toBeGreaterThan(Date.now());
    expect(await client.getUserSettings()).toHaveProperty('language');
  });

  it('derives the MQTT username from the JWT, or from the preference for opaque tokens', async () => {
    expect(await client.getMqttUsername()).toBe('u_1111');
    const opaque = new CloudClient({
      apiUrl: cloud.apiUrl,
      token: cloud.issueToken('opaque@example.com'),
    });
    expect(opaque.tokenExpiresAt).toBeNull();
    expect(await opaque.getMqttUsername()).toBe('u_4444');
  });
});

describe('printer endpoints', () => {
  it('lists bound devices with the fixture fields and trimmed access codes', async () => {
    const devices = await client.listDevices();
    expect(devices.map((d) => d.dev_id)).toEqual(['01P00A000000001', '00M00A000000003']);
    const fixtureDevice = fixtureKeys('cloud-bind.json', (o) => (o['devices'] as Obj[])[0]);
    for (const k of fixtureDevice) expect(devices[0]).toHaveProperty(k);
    expect(devices[0]?.dev_access_code).toBe('12345678');
    expect(devices[1]).toMatchObject({ dev_product_name: 'X1 Carbon', dev_model_name: 'BL-P001' });
    // No MQTT relay for these paper printers: never online.
    expect(devices[0]?.online).toBe(false);
  });

  it('reads print status, firmware and camera credentials', async () => {
    const status = await client.getPrintStatus();
    const keys = fixtureKeys('cloud-user-print.json', (o) => (o['devices'] as Obj[])[0]);
    for (const k of keys) expect(status[0]).toHaveProperty(k);
    expect(status[0]?.task_id).toBeNull();

    const all = await client.getFirmware();
    expect(all).toHaveLength(2);
    const one = await client.getFirmware('00M00A000000003');
    expect(one.map((d) => d.dev_id)).toEqual(['00M00A000000003']);
    expect(one[0]?.firmware?.[0]?.version).toMatch(/^\d\d\.\d\d\.\d\d\.\d\d$/);

    const cam = await client.getCameraCredentials('01P00A000000001');
    for (const k of fixtureKeys('cloud-ttcode.json')) expect(cam).toHaveProperty(k);
    const err = await client.getCameraCredentials('nope').catch((e: unknown) => e);
    expect(err).toBeInstanceOf(CloudError);
    expect((err as CloudError).code).toBe('http-error');
  });

  it('renames a device', async () => {
    await client.renameDevice('01P00A000000001', 'Left P1S');
    expect((await client.listDevices())[0]?.name).toBe('Left P1S');
    await client.renameDevice('01P00A000000001', 'Bambu P1S');
  });
});

describe('jobs and messages', () => {
  it('lists tasks (filters, limit) and reads one', async () => {
    const list = await client.listTasks();
    expect(list.total).toBe(2);
    const keys = fixtureKeys('cloud-tasks.json', (o) => (o['hits'] as Obj[])[0]);
    for (const k of keys) expect(list.hits[0]).toHaveProperty(k);
    const mine = await client.listTasks({ deviceId: '00M00A000000003', limit: 5 });
    expect(mine.hits.map((t) => t.deviceId)).toEqual(['00M00A000000003']);
    expect((await client.listTasks({ limit: 1 })).hits).toHaveLength(1);
    const first = list.hits[0];
    if (first === undefined) throw new Error('no task');
    expect((await client.getTask(first.id)).title).toBe(first.title);
  });

  it('lists messages', async () => {
    const messages = await client.listMessages({ type: 6 });
    expect(messages.hits.length).toBe(2);
    expect(messages.hits[0]?.type).toBe(6);
  });
});

describe('cloud files and slicer settings', () => {
  it('lists projects, reads one and its profile', async () => {
    const projects = await client.listProjects();
    for (const k of fixtureKeys('cloud-projects.json', (o) => (o['projects'] as Obj[])[0])) {
      expect(projects[0]).toHaveProperty(k);
    }
    const id = String(projects[0]?.project_id);
    expect(await client.getProject(id)).toHaveProperty('profiles');
    const profile = await client.getProfileDetail('100000001', 'US0000000000000a');
    expect(profile).toMatchObject({ profile_id: '100000001', model_id: 'US0000000000000a' });
    expect(profile).toHaveProperty('context.plates');
  });

  it('reads, creates, updates and deletes presets', async () => {
    const settings = await client.getSlicerSettings();
    expect(settings.filament?.private[0]?.setting_id).toBe('PFUS46ea5c221cabe5');
    expect(settings.print?.public[0]?.name).toContain('0.20mm Standard');
    expect(await client.getSlicerSetting('GP004')).toHaveProperty('setting');
    const created = await client.createSlicerSetting({
      type: 'filament',
      name: 'My PLA',
      setting: { a: 1 },
    });
    const id = String(created['setting_id']);
    await client.updateSlicerSetting({ setting_id: id, name: 'My PLA 2' });
    const after = await client.getSlicerSettings();
    expect(after.filament?.private.map((s) => s.name)).toContain('My PLA 2');
    await client.deleteSlicerSetting(id);
    const gone = await client.getSlicerSetting(id).catch((e: unknown) => e);
    expect((gone as CloudError).code).toBe('not-found');
    const res = await client.getSlicerResource({
      type: 'version',
      'slicer/plugins/cloud': '01.01.00.00',
    });
    expect(res['resources']).toHaveLength(1);
  });
});

describe('upload and cloud print (fragile paths)', () => {
  it('uploads through presigned URLs; the bytes land in the fake S3', async () => {
    const data = Buffer.from('PK\u0003\u0004 fake 3mf bytes '.repeat(100));
    const result = await uploadToCloud(client, { filename: 'cube.gcode.3mf', data, withMd5: true });
    expect(result.md5).toBe(createHash('md5').update(data).digest('hex').toUpperCase());
    const stored = [...cloud.uploads].find(([k]) => k.includes('/filename/'));
    expect(stored?.[0]).toMatch(/cube\.gcode\.3mf$/);
    expect(stored?.[1].equals(data)).toBe(true);
    expect([...cloud.uploads.keys()].some((k) => k.includes('/size/'))).toBe(true);
    expect([...cloud.uploads.keys()].some((k) => k.includes('/md5/'))).toBe(true);
  });

  it('refuses a PUT with a Content-Type, as S3 does with presigned URLs', async () => {
    const [slot] = await client.getUploadUrls({ filename: 'x.3mf', size: 1 });
    const res = await fetch(slot?.url ?? '', {
      method: 'PUT',
      body: 'x',
      headers: { 'content-type': 'application/octet-stream' },
    });
    expect(res.status).toBe(403);
    expect(await res.text()).toContain('SignatureDoesNotMatch');
  });

  it('runs the project flow: create, upload, notify, poll, patch', async () => {
    const project = await createProject(client, 'cube.3mf');
    expect(project).toHaveProperty('upload_ticket');
    for (const k of fixtureKeys('cloud-project-create.json')) expect(project).toHaveProperty(k);
    const put = await fetch(project.upload_url ?? '', { method: 'PUT', body: Buffer.from('cfg') });
    expect(put.status).toBe(200);
    const ticket = project.upload_ticket ?? '';
    await notifyUploadDone(client, ticket, 'connect_config.3mf');
    expect((await getUploadStatus(client, ticket))['message']).toBe('running');
    expect((await getUploadStatus(client, ticket))['message']).toBe('success');
    await updateProject(client, String(project.project_id), { profile_id: project.profile_id });
    expect((await client.listProjects()).map((p) => p.name)).toContain('cube.3mf');
  });

  it('says clearly that the cloud refuses third-party cloud prints', async () => {
    const err = await createCloudTask(client, {
      deviceId: '01P00A000000001',
      modelId: 'US0',
      profileId: 1,
      plateIndex: 1,
      title: 'cube',
    }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(CloudError);
    expect((err as CloudError).code).toBe('client-rejected');
    expect((err as CloudError).message).toMatch(/print over the LAN/);
  });
});

describe('envelope D', () => {
  it('reads {code:0, data:{...}} answers the same way', async () => {
    const d = await startVirtualCloud({
      accounts: demoAccounts(),
      mqttPort: false,
      dataEnvelope: true,
    });
    try {
      const c = new CloudClient({ apiUrl: d.apiUrl, token: d.issueToken('pw@example.com') });
      expect((await c.listDevices()).map((x) => x.dev_id)).toEqual([
        '01P00A000000001',
        '00M00A000000003',
      ]);
      expect((await c.getFirmware()).length).toBe(2);
    } finally {
      await d.close();
    }
  });
});

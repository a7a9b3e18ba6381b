import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { HostClient } from './host-client.ts';
import { HostProcess } from './host-process.ts';
import { startPostgres, type TestPostgres } from './postgres.ts';
import { startSimFarm, type SimFarm, type SimFarmOptions } from './sim-farm.ts';

/**
 * Several Farmdeck engines (real headless hosts, each its own process and data folder) on one
 * throwaway Debian PostgreSQL, all knowing the same virtual printers by the same ids.
 */
export interface EnginesRig {
  readonly pg: TestPostgres;
  readonly databaseUrl: string;
  readonly sims: SimFarm;
  readonly hosts: HostProcess[];
  readonly clients: HostClient[];
  readonly dataDirs: string[];
  /** Serials each engine knew when it started (all of them unless `split`). */
  readonly startedWith: string[][];
  /** Adds to each engine (`printer:add`) the printers it did not start with: then all know all. */
  addRemaining(): Promise<void>;
  /** Stops everything it started, whatever state it is in; never throws. */
  close(): Promise<void>;
}

export interface EnginesRigOptions {
  engines: number;
  sims: SimFarmOptions;
  /** Queue tuning for every engine (`FARMDECK_QUEUE_TUNING`, JSON). */
  queueTuning?: Record<string, number>;
  /**
   * Each engine starts knowing only its share of the printers (round robin), so each takes the
   * leases of its share first; `addRemaining()` then gives every engine every printer.
   */
  split?: boolean;
}

export async function startEnginesRig(options: EnginesRigOptions): Promise<EnginesRig> {
  const root = await mkdtemp(join(tmpdir(), 'farmdeck-engines-'));
  let pg: TestPostgres | null = null;
  let sims: SimFarm | null = null;
  const hosts: HostProcess[] = [];
  const clients: HostClient[] = [];
  const dataDirs: string[] = [];
  const close = async () => {
    for (const c of clients) c.close();
    await Promise.allSettled(hosts.map((h) => h.stop()));
    await Promise.allSettled([sims?.close(), pg?.stop()]);
    await rm(root, { recursive: true, force: true });
  };
  try {
    pg = await startPostgres();
    const databaseUrl = await pg.createDatabase('farm');
    sims = await startSimFarm(options.sims);
    const env: Record<string, string> = { FARMDECK_DATABASE_URL: databaseUrl };
    if (options.queueTuning) env['FARMDECK_QUEUE_TUNING'] = JSON.stringify(options.queueTuning);
    const serials = sims.printers.map((p) => p.serial);
    const startedWith = Array.from({ length: options.engines }, (_, i) =>
      options.split ? serials.filter((_s, k) => k % options.engines === i) : serials,
    );
    for (let i = 0; i < options.engines; i++) {
      const dataDir = join(root, `engine-${i + 1}`);
      await sims.writeDataDir(dataDir, startedWith[i]);
      dataDirs.push(dataDir);
    }
    // One after the other: the first one creates the schema (migrations), the others find it.
    for (const [i, dataDir] of dataDirs.entries()) {
      const host = await HostProcess.start({ name: `engine ${i + 1}`, dataDir, env });
      hosts.push(host);
      const client = await HostClient.connect(host.url);
      clients.push(client);
      await waitRecordsReady(client, host);
    }
    const farm = sims;
    const addRemaining = async () => {
      for (const [i, client] of clients.entries()) {
        for (const serial of serials.filter((s) => !startedWith[i]?.includes(s))) {
          await client.call('printer:add', farm.inputOf(serial));
        }
      }
    };
    return { pg, databaseUrl, sims, hosts, clients, dataDirs, startedWith, addRemaining, close };
  } catch (err) {
    await close();
    throw err;
  }
}

/** Waits until the host's farm database is connected and migrated. */
async function waitRecordsReady(client: HostClient, host: HostProcess): Promise<void> {
  const deadline = Date.now() + 30_000;
  for (;;) {
    const status = await client.call<{ state: string; message: string | null }>(
      'records:get-status',
    );
    if (status.state === 'ready') return;
    if (Date.now() > deadline) {
      throw new Error(
        `${host.name}: database not ready (${status.state}: ${status.message})\n${host.log()}`,
      );
    }
    await new Promise((r) => setTimeout(r, 200));
  }
}

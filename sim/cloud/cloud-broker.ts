/**
 * The virtual cloud's MQTT broker: TLS, username `u_<uid>` + a live token, one report topic per
 * bound printer (no wildcards), commands accepted only on bound printers' request topics.
 */
import { Aedes, type AuthenticateError, type Client } from 'aedes';
import { once } from 'node:events';
import type { AddressInfo } from 'node:net';
import { createServer, type Server, type TLSSocket } from 'node:tls';
import { generate } from 'selfsigned';
import type { AccountStore, SimAccount } from './cloud-accounts.ts';

const CONNACK_BAD_CREDENTIALS = 4;
const CONNACK_NOT_AUTHORIZED = 5;

export interface CloudBrokerOptions {
  host: string;
  port: number;
  store: AccountStore;
  /** A logged-in user published a command for one of their printers. */
  onCommand(serial: string, payload: Buffer): void;
  log(line: string): void;
}

export interface CloudBroker {
  readonly port: number;
  readonly certificatePem: string;
  /** Publishes on `device/<serial>/report` to its subscribers. */
  publishReport(serial: string, payload: Buffer | string): void;
  /** The `{"event":{"event":"client.connected|disconnected"}}` message for a printer. */
  publishConnection(serial: string, up: boolean): void;
  close(): Promise<void>;
}

function refusal(message: string, code: number): AuthenticateError {
  const err = new Error(message) as AuthenticateError;
  err.returnCode = code;
  return err;
}

export async function startCloudBroker(opts: CloudBrokerOptions): Promise<CloudBroker> {
  const accounts = new WeakMap<Client, SimAccount>();
  const owns = (client: Client | null, serial: string | undefined) => {
    const acc = client === null ? undefined : accounts.get(client);
    return acc !== undefined && acc.devices.some((d) => d.serial === serial);
  };
  const topicSerial = (topic: string, kind: 'report' | 'request') =>
    new RegExp(`^device/([^/#+]+)/${kind}$`).exec(topic)?.[1];

  const broker = await Aedes.createBroker({
    authenticate(client, username, password, done) {
      const uid = /^u_(\d+)$/.exec(username ?? '')?.[1];
      const acc = uid === undefined ? undefined : opts.store.byUid(Number(uid));
      const owner = opts.store.accountOfToken(password?.toString('utf8') ?? '');
      if (acc === undefined || owner === null || owner.uid !== acc.uid) {
        opts.log(`mqtt: refused ${username ?? '(no username)'}`);
        const code = owner === null ? CONNACK_BAD_CREDENTIALS : CONNACK_NOT_AUTHORIZED;
        return done(refusal('not authorized', code), false);
      }
      accounts.set(client, acc);
      done(null, true);
    },
    authorizeSubscribe(client, sub, done) {
      done(null, owns(client, topicSerial(sub.topic, 'report')) ? sub : null);
    },
    authorizePublish(client, packet, done) {
      const serial = topicSerial(packet.topic, 'request');
      if (client === null) return done(null);
      if (!owns(client, serial) || serial === undefined) {
        return done(new Error('publish not allowed'));
      }
      opts.onCommand(serial, Buffer.from(packet.payload));
      done(null);
    },
  });

  const pems = await generate([{ name: 'commonName', value: 'localhost' }], {
    keyType: 'ec',
    curve: 'P-256',
    algorithm: 'sha256',
    extensions: [
      { name: 'basicConstraints', cA: true },
      {
        name: 'subjectAltName',
        altNames: [
          { type: 2, value: 'localhost' },
          { type: 7, ip: '127.0.0.1' },
        ],
      },
    ],
  });
  const sockets = new Set<TLSSocket>();
  const server: Server = createServer({ key: pems.private, cert: pems.cert }, (socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
    socket.on('error', () => socket.destroy());
    broker.handle(socket);
  });
  server.listen(opts.port, opts.host);
  await once(server, 'listening');

  const publish = (serial: string, payload: Buffer | string) =>
    broker.publish(
      {
        cmd: 'publish',
        topic: `device/${serial}/report`,
        payload: typeof payload === 'string' ? Buffer.from(payload) : payload,
        qos: 0,
        retain: false,
        dup: false,
      },
      () => undefined,
    );

  return {
    port: (server.address() as AddressInfo).port,
    certificatePem: pems.cert,
    publishReport: publish,
    publishConnection(serial, up) {
      publish(
        serial,
        JSON.stringify({
          event: {
            event: up ? 'client.connected' : 'client.disconnected',
            clientid: `dev_${serial}`,
            username: `dev_${serial}`,
            timestamp: Date.now(),
          },
        }),
      );
    },
    async close() {
      for (const s of sockets) s.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await new Promise<void>((resolve) => broker.close(() => resolve()));
    },
  };
}

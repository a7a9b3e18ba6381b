import { Aedes, type AuthenticateError, type Client } from 'aedes';
import { once } from 'node:events';
import type { AddressInfo } from 'node:net';
import { createServer, type TLSSocket } from 'node:tls';
import type { SimCertificate } from './certificate.ts';

/** CONNACK return codes of MQTT 3.1.1 used here. */
const CONNACK_SERVER_UNAVAILABLE = 3;
const CONNACK_NOT_AUTHORIZED = 5;

export interface BrokerOptions {
  host: string;
  /** 0 picks a free port. */
  port: number;
  serial: string;
  accessCode: string;
  certificate: SimCertificate;
  /** Simultaneous sessions accepted; further CONNECTs get CONNACK 3 (server unavailable). */
  maxSessions: number;
  /** `kick-oldest`: a CONNECT beyond `maxSessions` is accepted and the oldest session closed (A1). */
  overflow?: 'refuse' | 'kick-oldest';
  /** A message a client published on `device/<serial>/request`. */
  onRequest(payload: Buffer): void;
}

/** The printer's MQTT broker: TLS, `bblp` + access code, topic rules of a real printer. */
export interface SimBroker {
  readonly port: number;
  /** Sessions currently connected. */
  readonly sessions: number;
  /** Publishes on `device/<serial>/report` to every subscriber. */
  publish(payload: Buffer): void;
  /**
   * Sends every session one report of `bytes` payload bytes, written straight to its socket in
   * 1 MB pieces (with backpressure), so the simulator never holds it whole. Resolves when sent.
   */
  flood(bytes: number): Promise<void>;
  /** Destroys every client socket abruptly. */
  dropAll(): void;
  /** Sessions now, the most at once, and how many were kicked for a newer one. */
  stats(): { current: number; peak: number; kicked: number };
  close(): Promise<void>;
}

/**
 * Starts an MQTT 3.1.1 broker over TLS like a printer's. Wrong credentials are refused at CONNACK
 * with 5 (not authorized, what mqtt.md §12 asks of a simulator); only `device/<serial>/report` may be
 * subscribed (other filters get SUBACK 0x80) and only `device/<serial>/request` published (other
 * topics close the connection).
 */
export async function startBroker(options: BrokerOptions): Promise<SimBroker> {
  const reportTopic = `device/${options.serial}/report`;
  const requestTopic = `device/${options.serial}/request`;
  const sessions = new Set<Client>();
  let peak = 0;
  let kicked = 0;

  const broker = await Aedes.createBroker({
    authenticate(client, username, password, done) {
      const ok = username === 'bblp' && password?.toString('utf8') === options.accessCode;
      if (!ok) return done(refusal('not authorized', CONNACK_NOT_AUTHORIZED), false);
      const others = [...sessions].filter((c) => c.id !== client.id && !c.closed);
      if (others.length >= options.maxSessions) {
        if (options.overflow !== 'kick-oldest') {
          return done(refusal('too many sessions', CONNACK_SERVER_UNAVAILABLE), false);
        }
        for (const old of others.slice(0, others.length - options.maxSessions + 1)) {
          kicked += 1;
          sessions.delete(old);
          old.close();
        }
      }
      sessions.add(client);
      peak = Math.max(peak, [...sessions].filter((c) => !c.closed).length);
      client.conn.once('close', () => sessions.delete(client));
      done(null, true);
    },
    authorizeSubscribe(_client, sub, done) {
      done(null, sub.topic === reportTopic ? sub : null);
    },
    authorizePublish(_client, packet, done) {
      done(packet.topic === requestTopic ? null : new Error(`publish to ${packet.topic} refused`));
    },
  });
  broker.on('publish', (packet, client) => {
    if (client && packet.topic === requestTopic) options.onRequest(Buffer.from(packet.payload));
  });

  const sockets = new Set<TLSSocket>();
  const server = createServer(
    { key: options.certificate.key, cert: options.certificate.cert, minVersion: 'TLSv1.2' },
    (socket) => {
      sockets.add(socket);
      socket.once('close', () => sockets.delete(socket));
      broker.handle(socket);
    },
  );
  server.listen(options.port, options.host);
  await once(server, 'listening');
  const port = (server.address() as AddressInfo).port;

  return {
    port,
    get sessions() {
      return [...sessions].filter((c) => !c.closed).length;
    },
    publish(payload) {
      broker.publish(
        { cmd: 'publish', topic: reportTopic, payload, qos: 0, retain: false, dup: false },
        () => undefined,
      );
    },
    stats() {
      return { current: [...sessions].filter((c) => !c.closed).length, peak, kicked };
    },
    async flood(bytes) {
      const topic = Buffer.from(reportTopic);
      const body = Buffer.concat([Buffer.from([topic.length >> 8, topic.length & 0xff]), topic]);
      const header = Buffer.from([0x30, ...remainingLength(body.length + bytes)]);
      const piece = Buffer.alloc(1024 * 1024, 0x78);
      await Promise.all(
        [...sessions].map(async (client) => {
          const conn = client.conn as unknown as TLSSocket;
          if (client.closed || conn.destroyed) return;
          conn.write(Buffer.concat([header, body]));
          for (let left = bytes; left > 0 && !conn.destroyed; left -= piece.length) {
            const ok = conn.write(left >= piece.length ? piece : piece.subarray(0, left));
            if (!ok) await drainOrClose(conn);
          }
        }),
      );
    },
    dropAll() {
      for (const socket of sockets) socket.destroy();
    },
    async close() {
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      for (const socket of sockets) socket.destroy();
      await new Promise<void>((resolve) => broker.close(() => resolve()));
      await closed;
    },
  };
}

function refusal(message: string, returnCode: number): AuthenticateError {
  const error = new Error(message) as AuthenticateError;
  (error as { returnCode: number }).returnCode = returnCode;
  return error;
}

/** MQTT's variable-length "remaining length" encoding. */
function remainingLength(n: number): number[] {
  const out: number[] = [];
  do {
    let byte = n % 128;
    n = Math.floor(n / 128);
    if (n > 0) byte |= 0x80;
    out.push(byte);
  } while (n > 0);
  return out;
}

function drainOrClose(socket: TLSSocket): Promise<void> {
  return new Promise((resolve) => {
    const done = () => {
      socket.off('drain', done).off('close', done);
      resolve();
    };
    socket.once('drain', done).once('close', done);
  });
}

import type { Socket } from 'node:net';
import type { SecureContext, TLSSocket } from 'node:tls';
import { PassiveListener, secureDataSocket } from './data-channel.ts';
import { listLine, mlsdLine, type SimStorage } from './ftps-storage.ts';
import { fileCommand, type FileCommandState } from './ftps-file-commands.ts';
import { receiveFile, sendFile, sendText } from './ftps-transfers.ts';

/** Server-wide settings a session reads on every command (they can change while it runs). */
export interface FtpsSessionConfig {
  readonly host: string;
  readonly accessCode: string;
  readonly context: SecureContext;
  readonly storage: SimStorage;
  /** Address announced in `227` replies (printers send 0.0.0.0). */
  readonly pasvAnnounce: string;
  requireSessionReuse: boolean;
  storagePresent: boolean;
  /** Delay before the final `226` of a STOR (H2D sends it 30 s+ late). */
  finalReplyDelayMs: number;
  /** Quirk `no-rename`: RNFR/RNTO refused. */
  refuseRename: boolean;
  /** Quirk `hang-prot-p`: an encrypted data channel never starts its TLS handshake. */
  hangEncryptedData: boolean;
  /** Counters for tests. */
  readonly stats: {
    dataRejectedNoReuse: number;
    uploads: number;
    dataHung: number;
    renames: number;
  };
}

const DATA_TIMEOUT_MS = 15_000;

/** One control connection: the FTP command loop over an already-secured TLS socket. */
export class FtpsSession {
  private cwd = '/';
  private user: string | undefined;
  private loggedIn = false;
  private protP = false;
  private passive: PassiveListener | undefined;
  private buffer = '';
  private queue: Promise<void> = Promise.resolve();
  /** What the file commands need: the storage, the current folder, the pending RNFR. */
  private readonly files: FileCommandState;

  constructor(
    private readonly socket: TLSSocket,
    private readonly cfg: FtpsSessionConfig,
  ) {
    this.files = {
      storage: cfg.storage,
      storagePresent: () => cfg.storagePresent,
      path: (arg) => this.path(arg),
      renameFrom: undefined,
    };
    socket.setEncoding('utf8');
    socket.on('data', (chunk: string) => this.onData(chunk));
    socket.on('error', () => undefined);
    socket.on('close', () => this.passive?.close());
    this.reply(220, '(vsFTPd 3.0.3)');
  }

  private reply(code: number, text: string): void {
    if (!this.socket.destroyed) this.socket.write(`${code} ${text}\r\n`);
  }

  private onData(chunk: string): void {
    this.buffer += chunk;
    if (this.buffer.length > 64 * 1024) {
      this.socket.destroy();
      return;
    }
    let i: number;
    while ((i = this.buffer.indexOf('\n')) >= 0) {
      const line = this.buffer.slice(0, i).replace(/\r$/, '');
      this.buffer = this.buffer.slice(i + 1);
      this.queue = this.queue
        .then(() => this.command(line))
        .catch(() => this.reply(451, 'Local error.'));
    }
  }

  private async command(line: string): Promise<void> {
    const sp = line.indexOf(' ');
    const verb = (sp < 0 ? line : line.slice(0, sp)).toUpperCase();
    const arg = sp < 0 ? '' : line.slice(sp + 1);
    if (['USER', 'PASS', 'QUIT', 'FEAT', 'NOOP', 'SYST', 'PBSZ', 'PROT', 'OPTS'].includes(verb)) {
      return this.preLogin(verb, arg);
    }
    if (!this.loggedIn) return this.reply(530, 'Please login with USER and PASS.');
    return this.postLogin(verb, arg);
  }

  private preLogin(verb: string, arg: string): void {
    switch (verb) {
      case 'USER':
        this.user = arg;
        this.loggedIn = false;
        return this.reply(331, 'Please specify the password.');
      case 'PASS':
        if (this.user === 'bblp' && arg === this.cfg.accessCode) {
          this.loggedIn = true;
          return this.reply(230, 'Login successful.');
        }
        return this.reply(530, 'Login incorrect.');
      case 'QUIT':
        this.reply(221, 'Goodbye.');
        this.socket.end();
        return;
      case 'FEAT':
        this.socket.write(
          '211-Features:\r\n EPSV\r\n PASV\r\n SIZE\r\n UTF8\r\n PBSZ\r\n PROT\r\n',
        );
        return this.reply(211, 'End');
      case 'NOOP':
        return this.reply(200, 'NOOP ok.');
      case 'SYST':
        return this.reply(215, 'UNIX Type: L8');
      case 'PBSZ':
        return this.reply(200, 'PBSZ set to 0.');
      case 'PROT':
        this.protP = arg.trim().toUpperCase() === 'P';
        return this.reply(200, `PROT now ${this.protP ? 'Private' : 'Clear'}.`);
      default: // OPTS
        return this.reply(/^UTF8 ON$/i.test(arg.trim()) ? 200 : 501, 'Option processed.');
    }
  }

  private path(arg: string): string | null {
    return this.cfg.storage.ftpPath(this.cwd, arg || '.');
  }

  private async postLogin(verb: string, arg: string): Promise<void> {
    const st = this.cfg.storage;
    switch (verb) {
      case 'TYPE':
      case 'STRU':
      case 'MODE':
        return this.reply(200, `${verb} set.`);
      case 'PWD':
        return this.reply(257, `"${this.cwd}" is the current directory`);
      case 'CWD':
      case 'CDUP': {
        const p = this.path(verb === 'CDUP' ? '..' : arg);
        const s = p ? await st.statOf(p) : null;
        if (!p || !s?.isDirectory()) return this.reply(550, 'Failed to change directory.');
        this.cwd = p;
        return this.reply(250, 'Directory successfully changed.');
      }
      case 'PASV':
      case 'EPSV': {
        this.passive?.close();
        this.passive = await PassiveListener.open(this.cfg.host);
        const port = this.passive.port;
        if (verb === 'EPSV') return this.reply(229, `Entering Extended Passive Mode (|||${port}|)`);
        const h = this.cfg.pasvAnnounce.split('.').join(',');
        return this.reply(227, `Entering Passive Mode (${h},${port >> 8},${port & 255}).`);
      }
      case 'PORT':
      case 'EPRT':
      case 'APPE':
      case 'REST':
        return this.reply(502, 'Command not implemented.');
      case 'RNFR':
      case 'RNTO':
        if (verb === 'RNFR') this.cfg.stats.renames++;
        if (this.cfg.refuseRename) {
          return this.reply(550, verb === 'RNFR' ? 'RNFR command failed.' : 'Rename failed.');
        }
        return this.reply(...(await fileCommand(verb, arg, this.files)));
      case 'SIZE':
      case 'DELE':
      case 'RMD':
      case 'MKD': {
        const [code, text] = await fileCommand(verb, arg, this.files);
        return this.reply(code, text);
      }
      case 'LIST':
      case 'NLST':
      case 'MLSD':
        return this.listing(verb, arg);
      case 'RETR':
        return this.retrieve(arg);
      case 'STOR':
        return this.store(arg);
      default:
        return this.reply(500, 'Unknown command.');
    }
  }

  /** Waits for the passive connection, sends 150, secures it. Undefined after replying an error. */
  private async openData(): Promise<Socket | undefined> {
    const listener = this.passive;
    this.passive = undefined;
    if (!listener) {
      this.reply(425, 'Use PORT or PASV first.');
      return undefined;
    }
    const raw = await listener.accept(DATA_TIMEOUT_MS);
    if (!raw) {
      listener.close();
      this.reply(425, 'Failed to establish connection.');
      return undefined;
    }
    this.reply(150, 'Ok to send data.');
    if (!this.protP) return raw;
    if (this.cfg.hangEncryptedData) {
      // Some A1 firmware: the encrypted data channel never gets going; the client must give up.
      this.cfg.stats.dataHung++;
      this.socket.once('close', () => raw.destroy());
      return undefined;
    }
    const res = await secureDataSocket(
      raw,
      this.cfg.context,
      this.cfg.requireSessionReuse,
      DATA_TIMEOUT_MS,
    );
    if (!res.ok) {
      if (res.reason === 'no-reuse') {
        this.cfg.stats.dataRejectedNoReuse++;
        this.reply(522, 'SSL connection failed: session reuse required');
        setTimeout(() => res.socket.destroy(), 500).unref();
      } else {
        this.reply(425, `Failed to establish connection (${res.detail}).`);
      }
      return undefined;
    }
    return res.socket;
  }

  private async listing(verb: string, arg: string): Promise<void> {
    const target = arg
      .split(' ')
      .filter((a) => !a.startsWith('-'))
      .join(' ');
    const p = this.path(target);
    const s = p ? await this.cfg.storage.statOf(p) : null;
    if (!p || !s?.isDirectory()) {
      return this.reply(550, 'Failed to open directory.');
    }
    const data = await this.openData();
    if (!data) return;
    const entries = this.cfg.storagePresent ? await this.cfg.storage.entries(p) : [];
    const lines = entries.map(({ name, st }) =>
      verb === 'LIST' ? listLine(name, st) : verb === 'MLSD' ? mlsdLine(name, st) : name,
    );
    await sendText(data, lines.map((l) => `${l}\r\n`).join(''));
    this.reply(226, 'Directory send OK.');
  }

  private async retrieve(arg: string): Promise<void> {
    const p = this.path(arg);
    const s = p ? await this.cfg.storage.statOf(p) : null;
    if (!p || !s?.isFile()) return this.reply(550, 'Failed to open file.');
    const data = await this.openData();
    if (!data) return;
    const ok = await sendFile(data, this.cfg.storage.diskPath(p));
    this.reply(ok ? 226 : 426, ok ? 'Transfer complete.' : 'Failure writing network stream.');
  }

  private async store(arg: string): Promise<void> {
    const st = this.cfg.storage;
    const p = this.path(arg);
    const parent = p ? await st.statOf(p.replace(/\/[^/]*$/, '') || '/') : null;
    if (!p || !this.cfg.storagePresent || !st.validName(p) || !parent?.isDirectory()) {
      return this.reply(553, 'Could not create file.');
    }
    const free = st.capacityBytes - (await st.usedBytes());
    const data = await this.openData();
    if (!data) return;
    this.cfg.stats.uploads++;
    const outcome = await receiveFile(data, st.diskPath(p), free);
    if (outcome !== 'ok') {
      if (outcome === 'full') this.reply(552, 'Requested file action aborted: storage full.');
      else this.reply(426, 'Failure reading network stream.');
      setTimeout(() => data.destroy(), 1000).unref();
      return;
    }
    const delay = this.cfg.finalReplyDelayMs;
    if (delay > 0) await new Promise((r) => setTimeout(r, delay));
    this.reply(226, 'Transfer complete.');
  }
}

import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import {
  chmodSync,
  closeSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  openSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort } from './free-port.ts';

/**
 * Debian's vsftpd configured like a Bambu printer's FTP server: implicit TLS, user `bblp` with
 * the access code as password (a PAM userdb virtual user, so no system account is created),
 * passive mode and `require_ssl_reuse=YES`. Must run as root (PAM, chroot), as CI does.
 */

const VSFTPD = '/usr/sbin/vsftpd';
const HINT = 'apt-get install -y vsftpd openssl perl';

export interface Vsftpd {
  readonly port: number;
  /** The FTP root on disk. */
  readonly root: string;
  /** PEM of its self-signed certificate (CN = serial). */
  readonly certPem: string;
  /** Every FTP command and reply it logged so far (`log_ftp_protocol`; passwords are masked). */
  protocolLog(): string;
  stop(): Promise<void>;
}

function run(cmd: string, args: readonly string[], input?: string): void {
  const r = spawnSync(cmd, args, { encoding: 'utf8', ...(input === undefined ? {} : { input }) });
  if (r.error) throw new Error(`${cmd} failed (${r.error.message}): ${HINT}`);
  if (r.status !== 0) throw new Error(`${cmd} ${args.join(' ')} failed (${r.status}): ${r.stderr}`);
}

/** Throws (never skips) with the install hint when vsftpd or its helpers are missing. */
export function requireVsftpd(): void {
  if (!existsSync(VSFTPD)) throw new Error(`vsftpd not found at ${VSFTPD}: ${HINT}`);
  if (process.getuid?.() !== 0) {
    throw new Error(
      'the vsftpd interop test runs vsftpd with PAM and chroot: run it as root (CI does)',
    );
  }
  run('openssl', ['version']);
  run('perl', ['-MDB_File', '-e', '1']);
}

async function waitForPort(port: number, child: ChildProcess, logFile: string): Promise<void> {
  const deadline = Date.now() + 15_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) {
      throw new Error(
        `vsftpd exited with code ${child.exitCode}: ${readFileSync(logFile, 'utf8')}`,
      );
    }
    const ok = await new Promise<boolean>((resolve) => {
      const s = connect(port, '127.0.0.1');
      s.once('connect', () => {
        s.destroy();
        resolve(true);
      });
      s.once('error', () => resolve(false));
    });
    if (ok) return;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`vsftpd did not listen on port ${port} within 15 s`);
}

/** Starts vsftpd on a free loopback port with user `bblp` / `accessCode`. */
export async function startVsftpd(serial: string, accessCode: string): Promise<Vsftpd> {
  requireVsftpd();
  const dir = mkdtempSync(join(tmpdir(), 'farmdeck-vsftpd-'));
  chmodSync(dir, 0o755);
  const root = join(dir, 'root');
  const empty = join(dir, 'empty');
  mkdirSync(root, { mode: 0o777 });
  chmodSync(root, 0o777);
  mkdirSync(empty, { mode: 0o755 });
  const cert = join(dir, 'cert.pem');
  const key = join(dir, 'key.pem');
  run('openssl', [
    'req',
    '-x509',
    '-newkey',
    'rsa:2048',
    '-nodes',
    '-days',
    '2',
    '-subj',
    `/CN=${serial}`,
    '-keyout',
    key,
    '-out',
    cert,
  ]);
  // Virtual user database read by pam_userdb (Berkeley DB hash: user → password).
  const db = join(dir, 'users');
  run('perl', [
    '-MDB_File',
    '-MFcntl',
    '-e',
    'tie my %h, "DB_File", $ARGV[0], O_RDWR|O_CREAT, 0600, $DB_HASH or die "$!"; $h{bblp} = $ARGV[1]; untie %h;',
    `${db}.db`,
    accessCode,
  ]);
  const service = `farmdeck-vsftpd-${process.pid}-${Date.now()}`;
  const pamFile = `/etc/pam.d/${service}`;
  writeFileSync(pamFile, `auth required pam_userdb.so db=${db}\naccount required pam_permit.so\n`);
  const port = await freePort();
  const pasvBase = 41000 + Math.floor(Math.random() * 18000);
  const guest = spawnSync('getent', ['passwd', 'ftp']).status === 0 ? 'ftp' : 'nobody';
  const conf = join(dir, 'vsftpd.conf');
  writeFileSync(
    conf,
    [
      'listen=YES',
      'listen_ipv6=NO',
      'listen_address=127.0.0.1',
      `listen_port=${port}`,
      'background=NO',
      'anonymous_enable=NO',
      'local_enable=YES',
      'write_enable=YES',
      'local_umask=022',
      'guest_enable=YES',
      `guest_username=${guest}`,
      'virtual_use_local_privs=YES',
      `local_root=${root}`,
      'chroot_local_user=YES',
      'allow_writeable_chroot=YES',
      `pam_service_name=${service}`,
      'ssl_enable=YES',
      'implicit_ssl=YES',
      'require_ssl_reuse=YES',
      'force_local_logins_ssl=YES',
      'force_local_data_ssl=YES',
      'ssl_sslv2=NO',
      'ssl_sslv3=NO',
      `rsa_cert_file=${cert}`,
      `rsa_private_key_file=${key}`,
      'pasv_enable=YES',
      `pasv_min_port=${pasvBase}`,
      `pasv_max_port=${pasvBase + 200}`,
      'seccomp_sandbox=NO',
      'isolate=NO',
      'isolate_network=NO',
      `secure_chroot_dir=${empty}`,
      'xferlog_enable=YES',
      'xferlog_std_format=NO',
      'log_ftp_protocol=YES',
      `vsftpd_log_file=${join(dir, 'protocol.log')}`,
      '',
    ].join('\n'),
  );
  // vsftpd reports start-up errors on fd 0, so that is a log file.
  const logFile = join(dir, 'startup.log');
  const logFd = openSync(logFile, 'w');
  const child = spawn(VSFTPD, [conf], { stdio: [logFd, 'ignore', 'ignore'] });
  closeSync(logFd);
  const cleanup = (): void => {
    rmSync(pamFile, { force: true });
    rmSync(dir, { recursive: true, force: true });
  };
  try {
    await waitForPort(port, child, logFile);
  } catch (err) {
    child.kill('SIGKILL');
    cleanup();
    throw err;
  }
  return {
    port,
    root,
    certPem: readFileSync(cert, 'utf8'),
    protocolLog: () => {
      try {
        return readFileSync(join(dir, 'protocol.log'), 'utf8');
      } catch {
        return '';
      }
    },
    stop: async () => {
      if (child.exitCode === null) {
        const exited = new Promise((r) => child.once('exit', r));
        child.kill('SIGTERM');
        await exited;
      }
      cleanup();
    },
  };
}

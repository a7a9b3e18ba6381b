/**
 * Exit codes shared by the printer command-line tools, so scripts can tell failures apart.
 * Documented in each tool's --help and in docs/mqtt.md.
 */
export const EXIT = {
  /** Done (bambu-monitor: the state was printed with --once, or it was stopped with Ctrl-C). */
  ok: 0,
  /** Anything unexpected (a bug or an error the tool does not classify). */
  failure: 1,
  /** Missing or invalid flags: the message and usage are printed. */
  usage: 2,
  /** The printer or cloud refused the credentials (access code, or uid/token). */
  authFailed: 3,
  /** The host could not be reached (refused, no route, DNS failure, connection lost). */
  unreachable: 4,
  /** The TLS certificate was not trusted (wrong --ca, or a certificate for another serial). */
  tlsUntrusted: 5,
  /** Gave up waiting (bambu-monitor: no full report within --timeout seconds). */
  timeout: 6,
  /** Interrupted (Ctrl-C) before the work was done (bambu-monitor: before --once printed). */
  interrupted: 130,
} as const;

export type ExitCode = (typeof EXIT)[keyof typeof EXIT];

/** The exit code for a link error code (`LinkError.code`); unknown codes map to `failure`. */
export function exitCodeForLinkError(code: string): ExitCode {
  switch (code) {
    case 'auth-failed':
      return EXIT.authFailed;
    case 'unreachable':
      return EXIT.unreachable;
    case 'tls-untrusted':
    case 'wrong-serial':
      return EXIT.tlsUntrusted;
    case 'timeout':
      return EXIT.timeout;
    default:
      return EXIT.failure;
  }
}

/** Lines for --help, aligned, one per code (the same for every printer tool). */
export const EXIT_CODES_HELP = `Exit codes:
  0    done (or stopped with Ctrl-C)
  1    unexpected error
  2    missing or invalid flags
  3    credentials refused (access code, or cloud uid/token)
  4    host unreachable (refused, no route, DNS, connection lost)
  5    TLS certificate not trusted, or it names another serial (see --ca)
  6    timed out (see --timeout)
  130  interrupted (Ctrl-C) before the work was done`;

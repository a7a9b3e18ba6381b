import type { ConnectionTestReport } from '../../../shared/contract/farm-schemas.ts';

const TITLES = {
  'mqtt-login': 'MQTT login',
  'status-report': 'Status report',
  control: 'Control',
} as const;
const ICONS = { passed: '✓', failed: '✗', skipped: '–' } as const;

/** What the connection test found, one line per check, each saying what to do when it failed. */
export function ConnectionReport({ report }: { report: ConnectionTestReport }) {
  return (
    <div className={`report ${report.ok ? 'ok' : 'failed'}`} data-testid="connection-report">
      <strong>
        {report.ok
          ? `Connected${report.model ? ` to a ${report.model}` : ''}${report.firmware ? ` (firmware ${report.firmware})` : ''}`
          : 'Connection test failed'}
      </strong>
      <ul>
        {report.checks.map((c) => (
          <li
            key={c.check}
            className={`check ${c.outcome}`}
            data-check={c.check}
            data-outcome={c.outcome}
          >
            <span className="check-icon" aria-hidden="true">
              {ICONS[c.outcome]}
            </span>
            <span>
              <strong>{TITLES[c.check]}</strong>: {c.message}
            </span>
          </li>
        ))}
      </ul>
    </div>
  );
}

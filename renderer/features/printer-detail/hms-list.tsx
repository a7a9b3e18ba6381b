import type { PrinterState } from '../../../shared/printer-state.ts';

/** HMS entries with severity, text and a link to Bambu's wiki page; the print error when set. */
export function HmsList({ state }: { state: PrinterState }) {
  if (state.hms.length === 0 && !state.printError) {
    return <p className="muted small">No health messages.</p>;
  }
  return (
    <ul className="hms-list" data-testid="hms-list">
      {state.printError && (
        <li className="hms-item sev-serious">
          <span className="hms-sev">error</span>
          <div>
            <div>{state.printError.message}</div>
            <code className="small muted">{state.printError.code}</code>
          </div>
        </li>
      )}
      {state.hms.map((h) => (
        <li key={h.code} className={`hms-item sev-${h.severity}`}>
          <span className="hms-sev">{h.severity}</span>
          <div>
            <div>{h.message}</div>
            <code className="small muted">{h.code}</code>{' '}
            <a href={h.url} target="_blank" rel="noopener noreferrer" className="small">
              What to do (Bambu wiki)
            </a>
          </div>
        </li>
      ))}
    </ul>
  );
}

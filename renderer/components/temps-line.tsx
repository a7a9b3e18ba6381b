import type { PrinterState } from '../../shared/printer-state.ts';
import { formatTemp } from '../lib/format.ts';

/** Nozzle(s), bed and chamber, current/target °C. */
export function TempsLine({ state }: { state: PrinterState }) {
  const dual = state.nozzles.length > 1;
  return (
    <div className="temps">
      {state.nozzles.map((n, i) => (
        <span key={i} className="temp" data-testid={i === 0 ? 'nozzle-temp' : undefined}>
          <span className="temp-label">
            {dual ? (i === 0 ? 'Nozzle R' : 'Nozzle L') : 'Nozzle'}
          </span>
          {formatTemp(n)}
        </span>
      ))}
      <span className="temp" data-testid="bed-temp">
        <span className="temp-label">Bed</span>
        {formatTemp(state.bed)}
      </span>
      {state.chamber && (
        <span className="temp">
          <span className="temp-label">Chamber</span>
          {formatTemp(state.chamber)}
        </span>
      )}
    </div>
  );
}

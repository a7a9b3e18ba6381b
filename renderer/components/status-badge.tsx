import type { PrinterView } from '../../shared/contract/farm-schemas.ts';
import { displayStatus, statusLabel, statusTone } from '../lib/display-status.ts';

/** Colour and words: never colour alone. */
export function StatusBadge({ view }: { view: PrinterView }) {
  const status = displayStatus(view);
  return (
    <span className={`badge tone-${statusTone(status)}`} data-testid="status" data-status={status}>
      <span className="dot" aria-hidden="true" />
      {statusLabel(status)}
    </span>
  );
}

import type { QueueCopyView } from '../../../shared/contract/queue-schemas.ts';
import { formatWhen } from '../history/record-format.ts';
import { COPY_BADGE } from './queue-format.ts';

/** Each copy of a job: its state, the printer it went to, attempts and the reason it stopped. */
export function QueueCopies({ copies }: { copies: readonly QueueCopyView[] }) {
  return (
    <ol className="queue-copies" aria-label="Copies">
      {copies.map((c) => {
        const badge = COPY_BADGE[c.state];
        return (
          <li key={c.copyId} data-testid="queue-copy" data-state={c.state}>
            <span className="muted small">#{c.index}</span>
            <span className={`badge tone-${badge.tone}`}>{badge.label}</span>
            <span className="small" data-testid="queue-copy-printer">
              {c.printerSerial === null
                ? ''
                : (c.printerName ?? `printer ${c.printerSerial} (not in this app)`)}
            </span>
            {c.attempts > 1 && <span className="muted small">attempt {c.attempts}</span>}
            {c.reason && <span className="small warn-text">{c.reason}</span>}
            <span className="muted small queue-copy-when">{formatWhen(c.updatedAt)}</span>
          </li>
        );
      })}
    </ol>
  );
}

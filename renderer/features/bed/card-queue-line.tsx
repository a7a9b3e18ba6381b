import type { PrinterView } from '../../../shared/contract/farm-schemas.ts';
import { BED_TEXT, bedPrompt, shortReason } from '../../lib/bed-state.ts';
import { BedConfirm } from './bed-confirm.tsx';
import './bed.css';

/** Height the queue line adds to a card (the grid's row size follows it). */
export const CARD_QUEUE_HEIGHT = 52;

/**
 * A card's queue lines: the bed ("Bed cleared?" with its button, or a quiet state), the reason the
 * dispatcher skips the printer, who dispatches to it, and its groups. Reads only the card's own view.
 */
export function CardQueueLine({ view }: { view: PrinterView }) {
  const q = view.queue;
  const bed = bedPrompt(view);
  if (!q || !bed) return null;
  return (
    <div className="card-queue" data-testid="card-queue" data-bed={q.bed}>
      <div className="card-queue-row">
        {bed === 'confirm' ? (
          <BedConfirm printerId={view.id} printerName={view.name} />
        ) : (
          <span className="muted small" data-testid="bed-state">
            {BED_TEXT[bed]}
          </span>
        )}
        {q.controller === 'other' && (
          <span className="muted small" data-testid="queue-controller">
            dispatched by another Farmdeck
          </span>
        )}
        {q.exclusion && bed !== 'confirm' && (
          <span
            className="warn-text small queue-exclusion"
            title={q.exclusion}
            data-testid="exclusion"
          >
            {shortReason(q.exclusion)}
          </span>
        )}
      </div>
      <div className="tag-chips" aria-label="Groups">
        {q.tags.map((tag) => (
          <span key={tag} className="tag-chip" data-testid="tag-chip">
            {tag}
          </span>
        ))}
      </div>
    </div>
  );
}

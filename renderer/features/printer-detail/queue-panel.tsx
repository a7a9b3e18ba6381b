import type { PrinterView } from '../../../shared/contract/farm-schemas.ts';
import type { QueueController } from '../../../shared/contract/printer-queue-schema.ts';
import { BED_TEXT, bedPrompt } from '../../lib/bed-state.ts';
import { sinceText } from '../../lib/format.ts';
import { useNow } from '../../store/clock-store.ts';
import { BedConfirm } from '../bed/bed-confirm.tsx';
import '../bed/bed.css';
import { BedWaiver } from './bed-waiver.tsx';
import { GroupEditor } from './group-editor.tsx';

const CONTROLLER: Record<QueueController, string> = {
  this: 'this Farmdeck',
  other: 'dispatched by another Farmdeck',
  none: 'no Farmdeck yet',
};

/** The printer in the queue: its bed, why the dispatcher skips it, its groups and the waiver. */
export function QueuePanel({ view }: { view: PrinterView }) {
  const now = useNow();
  const q = view.queue;
  const bed = bedPrompt(view);
  if (!q || !bed) return null;
  return (
    <section className="panel queue-panel" aria-label="Queue" data-testid="queue-panel">
      <h2>Queue</h2>
      <dl className="facts">
        <dt>Bed</dt>
        <dd data-testid="detail-bed" data-bed={q.bed}>
          {bed === 'confirm' ? (
            <BedConfirm printerId={view.id} printerName={view.name} />
          ) : (
            BED_TEXT[bed]
          )}
          {q.bedChangedAt !== null && (
            <span className="muted small"> · {sinceText(q.bedChangedAt, now)}</span>
          )}
        </dd>
        <dt>Skipped</dt>
        <dd data-testid="detail-exclusion" className={q.exclusion ? 'warn-text' : undefined}>
          {q.exclusion ?? '–'}
        </dd>
        <dt>Dispatch</dt>
        <dd data-testid="detail-controller">{CONTROLLER[q.controller]}</dd>
      </dl>
      <h3 className="small muted">Groups</h3>
      <GroupEditor printerId={view.id} tags={q.tags} />
      <BedWaiver printerId={view.id} waived={q.waiveBedCheck} />
    </section>
  );
}

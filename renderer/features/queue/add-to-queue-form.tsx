import { useState, type FormEvent } from 'react';
import { useShallow } from 'zustand/react/shallow';
import type { PrintOptions } from '../../../shared/contract/print-schemas.ts';
import type { QueueFileSource, QueueJobView } from '../../../shared/contract/queue-schemas.ts';
import { request } from '../../bridge/farm-client.ts';
import { usePrintersStore } from '../../store/printers-store.ts';
import { FILAMENT_RULES } from './queue-format.ts';
import { tagsInUse } from '../../lib/bed-state.ts';
import { buildJobInput, INITIAL_FORM, type QueueFormState } from './queue-form-model.ts';
import { PrinterChecklist } from './printer-checklist.tsx';
import './queue.css';

/**
 * "Add to queue": copies, where (any compatible printer, a group, named printers), filament rule,
 * priority, not before, on failure. `selectedSerials`: the printers ticked in the print dialog;
 * without it the form lists the farm's printers itself.
 */
export function AddToQueueForm({
  file,
  plate,
  options,
  selectedSerials,
  onAdded,
  onCancel,
}: {
  file: QueueFileSource;
  plate: number;
  options: PrintOptions;
  selectedSerials?: readonly string[];
  onAdded: (job: QueueJobView) => void;
  onCancel: () => void;
}) {
  const [form, setForm] = useState<QueueFormState>(INITIAL_FORM);
  const [ownSerials, setOwnSerials] = useState<string[]>([]);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const groups = usePrintersStore(useShallow((s) => tagsInUse(s.order, s.byId)));
  const serials = selectedSerials ?? ownSerials;
  const set = (patch: Partial<QueueFormState>) => setForm((f) => ({ ...f, ...patch }));
  const copies = Number(form.copies);

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    const built = buildJobInput(form, file, plate, serials, options);
    if (!built.ok) return setError(built.message);
    setBusy(true);
    setError(null);
    const result = await request('queue:add', built.input);
    setBusy(false);
    if (!result.ok) return setError(result.error.message);
    onAdded(result.value);
  };

  return (
    <form className="queue-form" aria-label="Add to queue" onSubmit={(e) => void submit(e)}>
      <div className="field-row">
        <label className="field narrow">
          <span>Copies</span>
          <input
            type="number"
            min={1}
            max={1000}
            value={form.copies}
            onChange={(e) => set({ copies: e.target.value })}
          />
        </label>
        <label className="field narrow">
          <span>Priority</span>
          <input
            type="number"
            min={-100}
            max={100}
            value={form.priority}
            onChange={(e) => set({ priority: e.target.value })}
          />
        </label>
        <label className="field">
          <span>Not before</span>
          <input
            type="datetime-local"
            value={form.notBefore}
            onChange={(e) => set({ notBefore: e.target.value })}
          />
        </label>
        <label className="field">
          <span>If a print fails</span>
          <select
            value={form.onFailure}
            onChange={(e) => set({ onFailure: e.target.value === 'hold' ? 'hold' : 'requeue' })}
          >
            <option value="requeue">Requeue the copy</option>
            <option value="hold">Hold it for a person</option>
          </select>
        </label>
      </div>
      <p className="muted small queue-hint">
        Higher priorities go first; equal ones keep the queue&apos;s order. No “not before”: from
        now. A held copy waits until someone requeues it.
      </p>
      <fieldset>
        <legend>Where</legend>
        <label className="check-line small">
          <input
            type="radio"
            name="queue-where"
            checked={form.where === 'any'}
            onChange={() => set({ where: 'any' })}
          />
          Any compatible printer
        </label>
        <label className="check-line small">
          <input
            type="radio"
            name="queue-where"
            checked={form.where === 'group'}
            disabled={groups.length === 0}
            onChange={() => set({ where: 'group', group: form.group || (groups[0] ?? '') })}
          />
          A group
          {groups.length === 0 ? (
            <span className="muted">(no printer is in a group yet)</span>
          ) : (
            <select
              aria-label="Group"
              value={form.group}
              onChange={(e) => set({ where: 'group', group: e.target.value })}
            >
              <option value="">choose…</option>
              {groups.map((g) => (
                <option key={g} value={g}>
                  {g}
                </option>
              ))}
            </select>
          )}
        </label>
        <label className="check-line small">
          <input
            type="radio"
            name="queue-where"
            checked={form.where === 'printers'}
            onChange={() => set({ where: 'printers' })}
          />
          {selectedSerials
            ? `The printers ticked above (${selectedSerials.length})`
            : 'These printers'}
        </label>
        {form.where === 'printers' && !selectedSerials && (
          <PrinterChecklist value={ownSerials} onChange={setOwnSerials} />
        )}
      </fieldset>
      <fieldset>
        <legend>Filament</legend>
        {FILAMENT_RULES.map((r) => (
          <label key={r.key} className="queue-choice small">
            <input
              type="radio"
              name="queue-rule"
              checked={form.filamentRule === r.key}
              onChange={() => set({ filamentRule: r.key })}
            />
            <span>
              {r.label}
              <span className="muted"> — {r.hint}</span>
            </span>
          </label>
        ))}
      </fieldset>
      {error && (
        <p className="error-text" role="alert" data-testid="queue-add-error">
          {error}
        </p>
      )}
      <div className="dialog-actions">
        <button type="submit" className="primary" disabled={busy}>
          Add {Number.isInteger(copies) && copies > 1 ? `${copies} copies ` : ''}to the queue
        </button>
        <span className="spacer" />
        <button type="button" className="ghost" onClick={onCancel}>
          Back
        </button>
      </div>
    </form>
  );
}

import { useState } from 'react';
import { request } from '../../bridge/farm-client.ts';

const LABEL =
  'Skip the bed-cleared check — only for printers with an automatic plate changer: the next job starts on whatever is on the plate';

/** The per-printer bed-check waiver, labelled with its risk; turning it on asks first. */
export function BedWaiver({ printerId, waived }: { printerId: string; waived: boolean }) {
  const [asking, setAsking] = useState(false);
  const [saving, setSaving] = useState(false);
  const [error, setError] = useState<string | null>(null);

  const save = async (waiveBedCheck: boolean) => {
    setAsking(false);
    setSaving(true);
    setError(null);
    const result = await request('queue:set-printer', printerId, { waiveBedCheck });
    setSaving(false);
    if (!result.ok) setError(result.error.message);
  };

  return (
    <div>
      <label className="waiver">
        <input
          type="checkbox"
          checked={waived || asking}
          disabled={saving}
          onChange={(e) => (e.target.checked ? setAsking(true) : void save(false))}
          data-testid="bed-waiver"
        />
        <span>{LABEL}</span>
      </label>
      {asking && (
        <div className="notice warn" role="alertdialog" aria-label="Confirm skipping the bed check">
          <span>
            Without the check, Farmdeck starts the next queued job as soon as this printer is free,
            even onto a finished print still on the plate. Only do this if a plate changer empties
            the bed.
          </span>{' '}
          <button className="danger" onClick={() => void save(true)}>
            Skip the check
          </button>{' '}
          <button onClick={() => setAsking(false)}>Keep checking</button>
        </div>
      )}
      {error && (
        <p className="error-text small" role="alert">
          {error}
        </p>
      )}
    </div>
  );
}

import { useState } from 'react';
import { request } from '../../bridge/farm-client.ts';

/**
 * "Bed cleared?" with its confirm button: tells the queue a person cleared the plate. The engine may
 * refuse (the printer started something meanwhile): its message is shown right here.
 */
export function BedConfirm({ printerId, printerName }: { printerId: string; printerName: string }) {
  const [sending, setSending] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const confirm = async () => {
    setSending(true);
    setError(null);
    const result = await request('queue:confirm-bed', printerId);
    setSending(false);
    if (!result.ok) setError(result.error.message);
  };
  return (
    <span className="bed-confirm" data-testid="bed-prompt">
      <strong className="warn-text">Bed cleared?</strong>
      <button
        className="bed-confirm-button"
        disabled={sending}
        onClick={() => void confirm()}
        aria-label={`Confirm the bed of ${printerName} is clear`}
        title="Confirm the plate is empty and back on the printer: the queue may start the next job on it"
        data-testid="bed-confirm"
      >
        {sending ? 'Confirming…' : 'Yes, clear'}
      </button>
      {error && (
        <span className="error-text bed-error" role="alert" title={error} data-testid="bed-error">
          {error}
        </span>
      )}
    </span>
  );
}

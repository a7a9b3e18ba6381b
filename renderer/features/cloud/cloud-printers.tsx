import { useState } from 'react';
import type { CloudPrinterView } from '../../../shared/contract/cloud-schemas.ts';
import { request } from '../../bridge/farm-client.ts';
import { selectPrinter } from '../../store/ui-store.ts';
import { openCloudPanel } from './cloud-store.ts';

function pathText(p: CloudPrinterView): string {
  if (p.farmId === null) return 'not in the farm';
  return p.path === 'cloud' ? 'in the farm · via cloud (LAN unreachable)' : 'in the farm · via LAN';
}

/** One of the account's printers: cloud status, the farm path, "add to farm" with its LAN address. */
function CloudPrinterRow({ printer }: { printer: CloudPrinterView }) {
  const [host, setHost] = useState('');
  const [adding, setAdding] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const farmId = printer.farmId;

  const add = async () => {
    setError(null);
    const result = await request('cloud:add-printer', { serial: printer.serial, host });
    if (result.ok) setAdding(false);
    else setError(result.error.message);
  };

  return (
    <li className="cloud-printer" data-testid="cloud-printer" data-serial={printer.serial}>
      <div className="cloud-printer-head">
        <span className={`dot ${printer.online ? 'dot-ok' : 'dot-off'}`} aria-hidden="true" />
        <strong>{printer.name}</strong>
        <span className="muted small">
          {printer.model ?? 'unknown model'} · {printer.serial}
        </span>
      </div>
      <div className="small">
        <span data-testid="cloud-status">
          {printer.online ? 'Online' : 'Offline'} in the cloud
          {printer.status ? ` · ${printer.status}` : ''}
          {printer.progress !== null ? ` · ${Math.round(printer.progress)}%` : ''}
        </span>
        <span className="muted"> · {pathText(printer)}</span>
      </div>
      <div className="dialog-actions">
        {farmId !== null ? (
          <button
            type="button"
            onClick={() => {
              openCloudPanel(false);
              selectPrinter(farmId);
            }}
          >
            Open
          </button>
        ) : adding ? (
          <>
            <input
              aria-label={`IP address of ${printer.name}`}
              placeholder="printer IP address"
              value={host}
              onChange={(e) => setHost(e.target.value)}
            />
            <button type="button" className="primary" onClick={() => void add()}>
              Add
            </button>
            <button type="button" onClick={() => setAdding(false)}>
              Cancel
            </button>
          </>
        ) : (
          <button
            type="button"
            disabled={!printer.hasAccessCode}
            title={printer.hasAccessCode ? undefined : 'the cloud sent no access code for it'}
            onClick={() => setAdding(true)}
          >
            Add to farm…
          </button>
        )}
      </div>
      {error && (
        <p className="error-text small" role="alert">
          {error}
        </p>
      )}
    </li>
  );
}

export function CloudPrinters({ printers }: { printers: readonly CloudPrinterView[] }) {
  if (printers.length === 0) return <p className="muted">No printers are bound to this account.</p>;
  return (
    <ul className="cloud-printers" aria-label="Account printers">
      {printers.map((p) => (
        <CloudPrinterRow key={p.serial} printer={p} />
      ))}
    </ul>
  );
}

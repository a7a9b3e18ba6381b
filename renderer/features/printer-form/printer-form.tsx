import { useEffect, useState, type FormEvent } from 'react';
import type {
  ConnectionTestReport,
  PrinterView,
  TlsTrust,
} from '../../../shared/contract/farm-schemas.ts';
import { request } from '../../bridge/farm-client.ts';
import { usePrinter } from '../../store/printers-store.ts';
import { openDialog, selectPrinter, type UiState } from '../../store/ui-store.ts';
import { ConnectionReport } from './connection-report.tsx';

interface Fields {
  name: string;
  host: string;
  port: string;
  ftpsPort: string;
  cameraPort: string;
  serial: string;
  accessCode: string;
  tlsMode: TlsTrust['mode'];
  caPem: string;
}

const initialFields = (view: PrinterView | undefined): Fields => ({
  name: view?.name ?? '',
  host: view?.host ?? '',
  port: view && view.port !== 8883 ? String(view.port) : '',
  ftpsPort: view?.ftpsPort !== undefined ? String(view.ftpsPort) : '',
  cameraPort: view?.cameraPort !== undefined ? String(view.cameraPort) : '',
  serial: view?.serial ?? '',
  accessCode: '',
  tlsMode: view?.tlsMode ?? 'bambu-ca',
  caPem: '',
});

/**
 * True when an edit points the printer somewhere else (address, a port, serial, certificate check):
 * the engine then sends the stored access code nowhere and asks for it again.
 */
function movesTheCode(f: Fields, saved: Fields): boolean {
  const keys = ['host', 'port', 'ftpsPort', 'cameraPort'] as const;
  return (
    keys.some((k) => f[k].trim().toLowerCase() !== saved[k].trim().toLowerCase()) ||
    f.serial.trim().toUpperCase() !== saved.serial.toUpperCase() ||
    f.tlsMode !== saved.tlsMode ||
    f.caPem.trim() !== ''
  );
}

function tlsOf(f: Fields): TlsTrust | undefined {
  if (f.tlsMode === 'custom-ca')
    return f.caPem.trim() ? { mode: 'custom-ca', caPem: f.caPem } : undefined;
  return { mode: f.tlsMode };
}

/** Add or edit a printer by its LAN details, test the connection, remove it. Errors appear in the form. */
export function PrinterForm({ dialog }: { dialog: NonNullable<UiState['dialog']> }) {
  const editId = dialog.kind === 'edit' ? dialog.id : null;
  const view = usePrinter(editId ?? '');
  const [f, setF] = useState<Fields>(() => initialFields(view));
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState<'save' | 'test' | 'remove' | null>(null);
  const [report, setReport] = useState<ConnectionTestReport | null>(null);
  const [confirmRemove, setConfirmRemove] = useState(false);
  const close = () => openDialog(null);

  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (e.key === 'Escape') openDialog(null);
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, []);

  const set = (key: keyof Fields) => (e: { target: { value: string } }) =>
    setF({ ...f, [key]: e.target.value });
  const codeAgain = editId !== null && view !== undefined && movesTheCode(f, initialFields(view));
  const port = f.port.trim() === '' ? undefined : Number(f.port);
  const tls = tlsOf(f);
  const common = {
    host: f.host,
    serial: f.serial,
    ...(port !== undefined ? { port } : {}),
    ...(tls ? { tls } : {}),
    ...(f.accessCode ? { accessCode: f.accessCode } : {}),
  };

  const save = async (e: FormEvent) => {
    e.preventDefault();
    setBusy('save');
    setError(null);
    const ftpsPort = f.ftpsPort.trim() === '' ? undefined : Number(f.ftpsPort);
    const cameraPort = f.cameraPort.trim() === '' ? undefined : Number(f.cameraPort);
    const files = {
      ...(ftpsPort !== undefined ? { ftpsPort } : {}),
      ...(cameraPort !== undefined ? { cameraPort } : {}),
    };
    const result =
      editId === null
        ? await request('printer:add', {
            ...common,
            ...files,
            name: f.name,
            accessCode: f.accessCode,
          })
        : await request('printer:update', editId, { ...common, ...files, name: f.name });
    setBusy(null);
    if (result.ok) close();
    else setError(result.error.message);
  };

  const test = async () => {
    setBusy('test');
    setError(null);
    setReport(null);
    const result = await request('printer:test-connection', {
      ...common,
      ...(editId ? { id: editId } : {}),
    });
    setBusy(null);
    if (result.ok) setReport(result.value);
    else setError(result.error.message);
  };

  const remove = async () => {
    if (editId === null) return;
    setBusy('remove');
    const result = await request('printer:remove', editId);
    setBusy(null);
    if (result.ok) {
      selectPrinter(null);
      close();
    } else setError(result.error.message);
  };

  return (
    <div className="overlay" onMouseDown={(e) => e.target === e.currentTarget && close()}>
      <form
        className="dialog"
        role="dialog"
        aria-modal="true"
        aria-label={editId ? 'Edit printer' : 'Add printer'}
        onSubmit={(e) => void save(e)}
      >
        <h2>{editId ? `Edit ${view?.name ?? 'printer'}` : 'Add a printer'}</h2>
        <p className="muted small">
          On the printer&apos;s screen: Settings &gt; WLAN for the IP address, Settings &gt; LAN
          only for the access code, Settings &gt; Device for the serial number.
        </p>
        <label className="field">
          <span>Name</span>
          <input
            value={f.name}
            onChange={set('name')}
            placeholder="e.g. Rack A · 3"
            required
            maxLength={64}
          />
        </label>
        <div className="field-row">
          <label className="field grow">
            <span>IP address or host name</span>
            <input value={f.host} onChange={set('host')} placeholder="192.168.1.42" required />
          </label>
          <label className="field narrow">
            <span>MQTT port</span>
            <input value={f.port} onChange={set('port')} placeholder="8883" inputMode="numeric" />
          </label>
          <label className="field narrow">
            <span>FTPS port</span>
            <input
              value={f.ftpsPort}
              onChange={set('ftpsPort')}
              placeholder="990"
              inputMode="numeric"
            />
          </label>
          <label className="field narrow">
            <span>Camera port</span>
            <input
              value={f.cameraPort}
              onChange={set('cameraPort')}
              placeholder="6000 / 322"
              inputMode="numeric"
            />
          </label>
        </div>
        <label className="field">
          <span>Serial number</span>
          <input value={f.serial} onChange={set('serial')} placeholder="01P00A000000000" required />
        </label>
        <label className="field">
          <span>LAN access code</span>
          <input
            type="password"
            autoComplete="off"
            value={f.accessCode}
            onChange={set('accessCode')}
            placeholder={
              view?.hasAccessCode && !codeAgain ? 'stored: leave empty to keep it' : '8 characters'
            }
            required={editId === null || codeAgain}
          />
        </label>
        {codeAgain && f.accessCode === '' && (
          <p className="muted small" data-testid="code-again">
            The address or certificate check changed: enter the access code again. A saved code is
            only sent to the address it was saved for.
          </p>
        )}
        <label className="field">
          <span>Certificate check</span>
          <select value={f.tlsMode} onChange={set('tlsMode')} aria-label="Certificate check">
            <option value="bambu-ca">Bambu Lab printer certificate (recommended)</option>
            <option value="custom-ca">Trust a certificate I paste</option>
            <option value="skip-verification">Skip verification (test printers only)</option>
          </select>
        </label>
        {f.tlsMode === 'custom-ca' && (
          <label className="field">
            <span>CA certificate (PEM)</span>
            <textarea
              rows={4}
              value={f.caPem}
              onChange={set('caPem')}
              placeholder="-----BEGIN CERTIFICATE-----"
            />
          </label>
        )}
        {report && <ConnectionReport report={report} />}
        {error && (
          <p className="error-text" role="alert" data-testid="form-error">
            {error}
          </p>
        )}
        <div className="dialog-actions">
          {editId && !confirmRemove && (
            <button type="button" className="danger-outline" onClick={() => setConfirmRemove(true)}>
              Remove…
            </button>
          )}
          {editId && confirmRemove && (
            <span className="confirm">
              Remove {view?.name}?
              <button
                type="button"
                className="danger"
                disabled={busy !== null}
                onClick={() => void remove()}
              >
                Remove printer
              </button>
              <button type="button" onClick={() => setConfirmRemove(false)}>
                Keep
              </button>
            </span>
          )}
          <span className="spacer" />
          <button type="button" onClick={() => void test()} disabled={busy !== null}>
            {busy === 'test' ? 'Testing…' : 'Test connection'}
          </button>
          <button type="button" onClick={close}>
            Cancel
          </button>
          <button type="submit" className="primary" disabled={busy !== null}>
            {busy === 'save' ? 'Saving…' : editId ? 'Save' : 'Add printer'}
          </button>
        </div>
      </form>
    </div>
  );
}

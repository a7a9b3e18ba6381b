import { useEffect, useState } from 'react';
import { useShallow } from 'zustand/react/shallow';
import type {
  PrintOptions,
  PrintPlan,
  StagedFile,
} from '../../../shared/contract/print-schemas.ts';
import { request } from '../../bridge/farm-client.ts';
import { closePrintDialog, trackJob, usePrintUi } from './print-store.ts';
import { formatBytes } from './print-format.ts';
import { PlatePicker } from './plate-picker.tsx';
import { TargetList, type TargetChoice } from './target-list.tsx';
import { AddToQueueForm } from '../queue/add-to-queue-form.tsx';
import { usePrintersStore } from '../../store/printers-store.ts';
import { showView } from '../../store/ui-store.ts';
import './print.css';

export const DEFAULT_OPTIONS: PrintOptions = {
  bedLeveling: true,
  flowCalibration: true,
  vibrationCalibration: true,
  timelapse: false,
};
const OPTION_LABELS: Record<keyof PrintOptions, string> = {
  bedLeveling: 'Bed leveling',
  flowCalibration: 'Flow calibration',
  vibrationCalibration: 'Vibration calibration',
  timelapse: 'Timelapse',
};

/** The print dialog: reading the dropped file, its refusal with the reason, or the print setup. */
export function PrintDialogHost() {
  const dialog = usePrintUi((s) => s.dialog);
  useEffect(() => {
    if (!dialog) return;
    const onKey = (e: KeyboardEvent) => e.key === 'Escape' && closePrintDialog();
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [dialog]);
  if (!dialog) return null;
  return (
    <div
      className="overlay"
      onMouseDown={(e) => e.target === e.currentTarget && closePrintDialog()}
    >
      <div
        className="dialog print-dialog"
        role="dialog"
        aria-modal="true"
        aria-label="Print a file"
      >
        {dialog.phase === 'staging' ? (
          <>
            <h2>{dialog.name}</h2>
            <p className="muted" role="status">
              Reading the file…{' '}
              {dialog.percent > 0 && dialog.percent < 100 ? `${dialog.percent}%` : ''}
            </p>
          </>
        ) : dialog.phase === 'refused' ? (
          <>
            <h2>{dialog.name}</h2>
            <p className="error-text" role="alert" data-testid="print-refused">
              {dialog.message}
            </p>
            <div className="dialog-actions">
              <button onClick={closePrintDialog}>Close</button>
            </div>
          </>
        ) : (
          <PrintSetup
            key={dialog.file.fileId}
            file={dialog.file}
            preselected={dialog.preselected}
          />
        )}
      </div>
    </div>
  );
}

function PrintSetup({ file, preselected }: { file: StagedFile; preselected: readonly string[] }) {
  const [plateIndex, setPlateIndex] = useState(file.plates[0]?.index ?? 1);
  const [plan, setPlan] = useState<PrintPlan | null>(null);
  const [choices, setChoices] = useState<Record<string, TargetChoice>>({});
  const [options, setOptions] = useState<PrintOptions>(DEFAULT_OPTIONS);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [queueing, setQueueing] = useState(false);
  const plate = file.plates.find((p) => p.index === plateIndex);

  useEffect(() => {
    let live = true;
    setPlan(null);
    void request('print:get-plan', file.fileId, plateIndex).then((result) => {
      if (!live) return;
      if (!result.ok) return setError(result.error.message);
      setError(null);
      setPlan(result.value);
      setChoices((prev) =>
        Object.fromEntries(
          result.value.targets.map((t) => [
            t.printerId,
            {
              selected:
                (prev[t.printerId]?.selected ?? preselected.includes(t.printerId)) &&
                t.readiness !== 'incompatible' &&
                t.readiness !== 'offline',
              mapping: [...t.mapping],
              useAms: t.mapping.some((tray) => tray >= 0),
            },
          ]),
        ),
      );
    });
    return () => {
      live = false;
    };
  }, [file.fileId, plateIndex, preselected]);

  const chosen = (plan?.targets ?? []).filter((t) => choices[t.printerId]?.selected);
  const anyBusy = chosen.some((t) => t.readiness === 'busy');
  // Serials only (shallow-compared): telemetry does not re-render the dialog.
  const chosenSerials = usePrintersStore(
    useShallow((s) => chosen.flatMap((t) => s.byId[t.printerId]?.serial ?? [])),
  );

  const start = async (sendOnly: boolean) => {
    setBusy(true);
    setError(null);
    const result = await request('print:start', {
      fileId: file.fileId,
      plate: plateIndex,
      targets: chosen.map((t) => {
        const c = choices[t.printerId];
        const mapping = c?.useAms && c.mapping.some((tray) => tray >= 0) ? c.mapping : null;
        return { printerId: t.printerId, amsMapping: mapping };
      }),
      options,
      sendOnly,
    });
    setBusy(false);
    if (!result.ok) return setError(result.error.message);
    trackJob(result.value);
    closePrintDialog();
  };

  return (
    <>
      <h2>{file.name}</h2>
      <p className="muted small">
        {formatBytes(file.bytes)} · {file.plates.length} plate{file.plates.length > 1 ? 's' : ''}
      </p>
      {file.libraryNote && (
        <p className="warn-text small" role="status" data-testid="library-note">
          Printing works, but the file was {file.libraryNote}
        </p>
      )}
      <PlatePicker plates={file.plates} value={plateIndex} onChange={setPlateIndex} />
      <h3 className="section-title">Printers</h3>
      {plan && plate ? (
        <TargetList
          plate={plate}
          targets={plan.targets}
          choices={choices}
          onChange={(id, choice) => setChoices((prev) => ({ ...prev, [id]: choice }))}
        />
      ) : (
        !error && <p className="muted small">Checking the printers…</p>
      )}
      <h3 className="section-title">Options</h3>
      <div className="print-options">
        {(Object.keys(OPTION_LABELS) as (keyof PrintOptions)[]).map((key) => (
          <label key={key} className="check-line small">
            <input
              type="checkbox"
              checked={options[key]}
              onChange={(e) => setOptions({ ...options, [key]: e.target.checked })}
            />
            {OPTION_LABELS[key]}
          </label>
        ))}
      </div>
      {error && (
        <p className="error-text" role="alert" data-testid="print-error">
          {error}
        </p>
      )}
      {anyBusy && !queueing && (
        <p className="warn-text small">
          A chosen printer is busy: send the file only, or leave it out.
        </p>
      )}
      {queueing ? (
        <AddToQueueForm
          file={{ from: 'staged', stagedFileId: file.fileId }}
          plate={plateIndex}
          options={options}
          selectedSerials={chosenSerials}
          onAdded={() => {
            closePrintDialog();
            showView('queue');
          }}
          onCancel={() => setQueueing(false)}
        />
      ) : (
        <div className="dialog-actions">
          <button
            className="primary"
            disabled={busy || chosen.length === 0 || anyBusy}
            onClick={() => void start(false)}
          >
            Print now{chosen.length > 1 ? ` on ${chosen.length} printers` : ''}
          </button>
          <button disabled={busy || chosen.length === 0} onClick={() => void start(true)}>
            Send only
          </button>
          <button disabled={busy} onClick={() => setQueueing(true)}>
            Add to queue…
          </button>
          <span className="spacer" />
          <button className="ghost" onClick={closePrintDialog}>
            Cancel
          </button>
        </div>
      )}
    </>
  );
}

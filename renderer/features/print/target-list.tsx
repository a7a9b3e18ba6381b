import type { PlateSummary, PrintTargetPlan } from '../../../shared/contract/print-schemas.ts';
import { usePrintersStore } from '../../store/printers-store.ts';
import { AmsMappingEditor } from './ams-mapping-editor.tsx';

export interface TargetChoice {
  selected: boolean;
  mapping: number[];
  useAms: boolean;
}

const READINESS_TEXT = { ready: 'ready', busy: 'busy', offline: 'offline', incompatible: '' };

/**
 * The printers a plate can go to (with their AMS mapping when chosen), then the ones not offered
 * and why (sliced for another model).
 */
export function TargetList({
  plate,
  targets,
  choices,
  onChange,
}: {
  plate: PlateSummary;
  targets: readonly PrintTargetPlan[];
  choices: Readonly<Record<string, TargetChoice>>;
  onChange: (printerId: string, choice: TargetChoice) => void;
}) {
  const byId = usePrintersStore((s) => s.byId);
  const name = (id: string) => byId[id]?.name ?? id;
  const offered = targets.filter((t) => t.readiness !== 'incompatible');
  const refused = targets.filter((t) => t.readiness === 'incompatible');
  return (
    <div className="targets">
      {offered.length === 0 && (
        <p className="warn-text small">No printer of the farm can print this plate.</p>
      )}
      {offered.map((t) => {
        const choice = choices[t.printerId];
        if (!choice) return null;
        return (
          <div
            key={t.printerId}
            className={`target ${t.readiness}`}
            data-testid="print-target-option"
            data-printer-name={name(t.printerId)}
          >
            <label className="check-line">
              <input
                type="checkbox"
                checked={choice.selected}
                disabled={t.readiness === 'offline'}
                onChange={(e) => onChange(t.printerId, { ...choice, selected: e.target.checked })}
                aria-label={`Print on ${name(t.printerId)}`}
              />
              <strong>{name(t.printerId)}</strong>
              <span className="muted small">{byId[t.printerId]?.state?.model ?? ''}</span>
              <span className={`readiness ${t.readiness} small`}>
                {READINESS_TEXT[t.readiness]}
              </span>
            </label>
            {t.reason && <p className="small muted reason">{t.reason}</p>}
            {choice.selected && (
              <AmsMappingEditor
                printerName={name(t.printerId)}
                plate={plate}
                target={t}
                mapping={choice.mapping}
                useAms={choice.useAms}
                onChange={(mapping, useAms) =>
                  onChange(t.printerId, { ...choice, mapping, useAms })
                }
              />
            )}
          </div>
        );
      })}
      {refused.length > 0 && (
        <details className="not-offered" open={offered.length === 0}>
          <summary className="small muted">
            {refused.length} printer{refused.length > 1 ? 's' : ''} not offered
          </summary>
          <ul className="small">
            {refused.map((t) => (
              <li key={t.printerId} data-testid="print-target-refused">
                <strong>{name(t.printerId)}</strong>: {t.reason}
              </li>
            ))}
          </ul>
        </details>
      )}
    </div>
  );
}

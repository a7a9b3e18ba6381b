import { useShallow } from 'zustand/react/shallow';
import type { PrintersData } from '../../store/printers-reducer.ts';
import { usePrintersStore } from '../../store/printers-store.ts';

/** `[serial, name, …]`: shallow-compared, so telemetry does not re-render the list. */
const serialNamePairs = (s: PrintersData): string[] =>
  s.order.flatMap((id) => {
    const p = s.byId[id];
    return p ? [p.serial, p.name] : [];
  });

/** The farm's printers to tick by name; the value is their serials. */
export function PrinterChecklist({
  value,
  onChange,
}: {
  value: readonly string[];
  onChange: (serials: string[]) => void;
}) {
  const flat = usePrintersStore(useShallow(serialNamePairs));
  const rows: { serial: string; name: string }[] = [];
  for (let i = 0; i + 1 < flat.length; i += 2)
    rows.push({ serial: flat[i] ?? '', name: flat[i + 1] ?? '' });
  return (
    <div className="queue-printers" role="group" aria-label="Printers for the queue">
      {rows.map((p) => (
        <label key={p.serial} className="check-line small">
          <input
            type="checkbox"
            checked={value.includes(p.serial)}
            onChange={(e) =>
              onChange(
                e.target.checked ? [...value, p.serial] : value.filter((s) => s !== p.serial),
              )
            }
          />
          {p.name}
        </label>
      ))}
    </div>
  );
}

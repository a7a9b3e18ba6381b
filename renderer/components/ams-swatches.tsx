import type { PrinterState } from '../../shared/printer-state.ts';
import { trayColorText, traySwatchStyle } from '../lib/tray-swatch.ts';

/** Swatches that fit one row of the smallest card. */
const MAX_SHOWN = 6;

/** One small swatch per AMS tray (and external spool): colour with the material written on it. */
export function AmsSwatches({ state }: { state: PrinterState }) {
  const trays = [
    ...state.ams.flatMap((unit) =>
      unit.trays.map((t) => ({ key: `${unit.id}-${t.slot}`, tray: t })),
    ),
    ...state.externalSpools.map((t) => ({ key: `ext-${t.id}`, tray: t })),
  ];
  if (trays.length === 0) return <div className="swatches muted small">No AMS</div>;
  return (
    <div className="swatches" data-testid="ams-swatches">
      {trays.slice(0, MAX_SHOWN).map(({ key, tray }) => (
        <span
          key={key}
          className={`swatch${tray.empty ? ' empty' : ''}`}
          style={traySwatchStyle(tray)}
          title={tray.empty ? 'empty' : `${tray.material ?? 'unknown'} ${trayColorText(tray)}`}
        >
          {tray.empty ? '–' : (tray.material ?? '?').slice(0, 5)}
        </span>
      ))}
      {trays.length > MAX_SHOWN && <span className="swatch more">+{trays.length - MAX_SHOWN}</span>}
    </div>
  );
}

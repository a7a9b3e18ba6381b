import type { PrinterState, Tray } from '../../../shared/printer-state.ts';
import { formatPercent } from '../../lib/format.ts';
import { trayColorText, traySwatchStyle } from '../../lib/tray-swatch.ts';

const KIND: Record<string, string> = {
  ams: 'AMS',
  'ams-lite': 'AMS Lite',
  'ams-2-pro': 'AMS 2 Pro',
  'ams-ht': 'AMS HT',
  unknown: 'AMS',
};

function TrayTile({ tray, label }: { tray: Tray; label: string }) {
  return (
    <div className={`tray${tray.empty ? ' empty' : ''}`}>
      <div
        className="tray-color"
        style={traySwatchStyle(tray)}
        title={tray.empty ? 'empty' : trayColorText(tray)}
      >
        {tray.empty ? 'Empty' : (tray.material ?? '?')}
        {tray.alpha === 0 && <span className="small"> clear</span>}
      </div>
      <div className="tray-meta small">
        <span>{label}</span>
        <span>{tray.empty ? '' : formatPercent(tray.remainPercent)}</span>
      </div>
    </div>
  );
}

/** AMS units with their trays (material, colour, remaining) and humidity; external spools. */
export function AmsPanel({ state }: { state: PrinterState }) {
  if (state.ams.length === 0 && state.externalSpools.length === 0) {
    return <p className="muted small">No AMS or external spool reported.</p>;
  }
  return (
    <div className="ams" data-testid="ams-panel">
      {state.ams.map((unit) => (
        <div key={unit.id} className="ams-unit">
          <div className="ams-head small">
            <strong>
              {KIND[unit.kind] ?? 'AMS'} {unit.id >= 128 ? unit.id - 127 : unit.id + 1}
            </strong>
            <span className="muted">
              {unit.humidityPercent !== null
                ? `Humidity ${Math.round(unit.humidityPercent)}%`
                : unit.humidityIndex !== null
                  ? `Humidity level ${unit.humidityIndex}/5 (5 = dry)`
                  : ''}
              {unit.temp !== null ? ` · ${Math.round(unit.temp)}°` : ''}
            </span>
          </div>
          <div className="trays">
            {unit.trays.map((t) => (
              <TrayTile key={t.slot} tray={t} label={`Slot ${t.slot + 1}`} />
            ))}
          </div>
        </div>
      ))}
      {state.externalSpools.length > 0 && (
        <div className="ams-unit">
          <div className="ams-head small">
            <strong>External</strong>
          </div>
          <div className="trays">
            {state.externalSpools.map((t) => (
              <TrayTile key={t.id} tray={t} label={t.id === 254 ? 'Left' : 'Spool'} />
            ))}
          </div>
        </div>
      )}
    </div>
  );
}

import { contrastText } from '../../lib/format.ts';
import {
  formatDuration,
  formatGrams,
  formatWhen,
  recordTitle,
  resultBadge,
  totalGrams,
} from './record-format.ts';
import type { JobRecord } from './record-types.ts';

/** Jobs as rows: when, printer, file, result, duration, layer, filament, failure reason. */
export function HistoryTable({
  rows,
  showPrinter = true,
  onPrintAgain,
}: {
  rows: readonly JobRecord[];
  showPrinter?: boolean;
  /** Offered on rows whose file is in the library. */
  onPrintAgain?: (record: JobRecord) => void;
}) {
  return (
    <table className="records" data-testid="history-table">
      <thead>
        <tr>
          <th>Started</th>
          {showPrinter && <th>Printer</th>}
          <th>File</th>
          <th>Result</th>
          <th className="num">Duration</th>
          <th className="num">Layer</th>
          <th>Filament</th>
          <th>Failure reason</th>
          {onPrintAgain && <th aria-label="Actions" />}
        </tr>
      </thead>
      <tbody>
        {rows.map((r) => {
          const badge = resultBadge(r.result);
          return (
            <tr key={r.id} data-testid="history-row" data-result={r.result ?? 'printing'}>
              <td className="nowrap">{formatWhen(r.startedAt)}</td>
              {showPrinter && <td className="nowrap">{r.printerName}</td>}
              <td className="file-cell" title={recordTitle(r)}>
                {recordTitle(r)}
                {r.plate !== null && r.plate > 1 && (
                  <span className="muted"> · plate {r.plate}</span>
                )}
                {r.demo && <span className="demo-tag">demo</span>}
              </td>
              <td>
                <span className={`badge tone-${badge.tone}`} data-testid="job-result">
                  <span className="dot" aria-hidden="true" />
                  {badge.label}
                </span>
              </td>
              <td className="num" data-testid="job-duration">
                {formatDuration(r.durationSeconds)}
              </td>
              <td className="num">
                {r.layer ?? '–'}
                {r.totalLayers !== null && <span className="muted">/{r.totalLayers}</span>}
              </td>
              <td data-testid="job-filament">
                <span className="filament-cell">
                  {r.filaments.map((f, i) => (
                    <span
                      key={i}
                      className="swatch mini"
                      style={
                        f.color
                          ? { backgroundColor: f.color, color: contrastText(f.color) }
                          : undefined
                      }
                      title={`${f.type ?? 'unknown'} ${f.color ?? ''} ${formatGrams(f.grams)}`}
                    >
                      {(f.type ?? '?').slice(0, 4)}
                    </span>
                  ))}
                  <span className="muted">{formatGrams(totalGrams(r.filaments))}</span>
                </span>
              </td>
              <td className="reason-cell" title={r.failureReason ?? undefined}>
                {r.failureReason ?? ''}
              </td>
              {onPrintAgain && (
                <td>
                  {r.libraryFileId !== null && (
                    <button className="small-button" onClick={() => onPrintAgain(r)}>
                      Print again
                    </button>
                  )}
                </td>
              )}
            </tr>
          );
        })}
      </tbody>
    </table>
  );
}

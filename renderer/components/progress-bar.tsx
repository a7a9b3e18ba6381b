import type { Tone } from '../lib/display-status.ts';

/** A horizontal bar, 0-100 %. */
export function ProgressBar({ percent, tone }: { percent: number | null; tone: Tone }) {
  const value = Math.max(0, Math.min(100, percent ?? 0));
  return (
    <div
      className={`progress tone-${tone}`}
      role="progressbar"
      aria-valuemin={0}
      aria-valuemax={100}
      aria-valuenow={percent === null ? undefined : Math.round(value)}
    >
      <div className="progress-fill" style={{ width: `${value}%` }} />
    </div>
  );
}

import { useEffect, useRef, useState } from 'react';
import type { TemperatureSample } from '../../../shared/contract/farm-schemas.ts';
import { request } from '../../bridge/farm-client.ts';

const H = 190;
const PAD = { left: 36, right: 8, top: 10, bottom: 20 };
const WINDOW_MS = 30 * 60_000;

const SERIES = [
  { key: 'nozzle', label: 'Nozzle', className: 'line-nozzle' },
  { key: 'bed', label: 'Bed', className: 'line-bed' },
  { key: 'chamber', label: 'Chamber', className: 'line-chamber' },
] as const;

/** Nozzle, bed and chamber temperatures of the last 30 minutes (the engine keeps the history). */
export function TemperatureChart({ id }: { id: string }) {
  const [samples, setSamples] = useState<TemperatureSample[]>([]);
  const [error, setError] = useState<string | null>(null);
  const figureRef = useRef<HTMLElement>(null);
  const [W, setW] = useState(640);

  useEffect(() => {
    const el = figureRef.current;
    if (!el) return;
    // Draw at the real width so the axis text keeps its size.
    const observer = new ResizeObserver((entries) => {
      const w = entries[0]?.contentRect.width;
      if (w) setW(Math.round(w));
    });
    observer.observe(el);
    return () => observer.disconnect();
  }, []);

  useEffect(() => {
    let alive = true;
    const load = async () => {
      const result = await request('printer:get-history', id);
      if (!alive) return;
      if (result.ok) {
        setSamples(result.value.samples);
        setError(null);
      } else setError(result.error.message);
    };
    void load();
    const timer = setInterval(() => void load(), 5_000);
    return () => {
      alive = false;
      clearInterval(timer);
    };
  }, [id]);

  const end = samples.at(-1)?.t ?? Date.now();
  const start = end - WINDOW_MS;
  const values = samples.flatMap((s) => [s.nozzle, s.bed, s.chamber, s.nozzleTarget, s.bedTarget]);
  const max = Math.max(60, ...values.filter((v): v is number => v !== null)) * 1.08;
  const x = (t: number) => PAD.left + ((t - start) / WINDOW_MS) * (W - PAD.left - PAD.right);
  const y = (v: number) => H - PAD.bottom - (v / max) * (H - PAD.top - PAD.bottom);
  const path = (key: 'nozzle' | 'bed' | 'chamber') =>
    samples
      .filter((s) => s[key] !== null)
      .map((s, i) => `${i === 0 ? 'M' : 'L'}${x(s.t).toFixed(1)},${y(s[key] ?? 0).toFixed(1)}`)
      .join(' ');
  const ticks = [0, 0.25, 0.5, 0.75, 1].map((f) => Math.round((max / 1.08) * f));

  return (
    <figure className="chart" data-testid="temperature-chart" ref={figureRef}>
      {error && <p className="error-text small">Temperature history unavailable: {error}</p>}
      <svg
        viewBox={`0 0 ${W} ${H}`}
        width={W}
        height={H}
        role="img"
        aria-label="Temperatures, last 30 minutes"
      >
        {ticks.map((v) => (
          <g key={v}>
            <line className="grid-line" x1={PAD.left} x2={W - PAD.right} y1={y(v)} y2={y(v)} />
            <text className="axis" x={PAD.left - 6} y={y(v) + 4} textAnchor="end">
              {v}°
            </text>
          </g>
        ))}
        {[30, 20, 10, 0].map((m) => (
          <text key={m} className="axis" x={x(end - m * 60_000)} y={H - 4} textAnchor="middle">
            {m === 0 ? 'now' : `-${m}m`}
          </text>
        ))}
        {SERIES.map((s) => (
          <path key={s.key} className={`line ${s.className}`} d={path(s.key)} />
        ))}
      </svg>
      <figcaption className="legend small">
        {SERIES.map((s) => (
          <span key={s.key} className={`legend-item ${s.className}`}>
            {s.label}
          </span>
        ))}
        {samples.length < 2 && <span className="muted">collecting samples…</span>}
      </figcaption>
    </figure>
  );
}

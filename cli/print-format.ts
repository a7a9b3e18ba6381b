import type { UploadProgress } from '../core/ftps/upload-progress.ts';
import type { FilamentMatch } from '../core/printing/ams-mapping.ts';
import type { ThreeMfInfo } from '../core/threemf/read-threemf.ts';
import { slicedForModel } from '../core/threemf/sliced-for.ts';

/** `1.5 MB`, `820 kB`, `12 B` (decimal units, as file managers show). */
export function formatBytes(n: number): string {
  if (n >= 1e9) return `${(n / 1e9).toFixed(2)} GB`;
  if (n >= 1e6) return `${(n / 1e6).toFixed(1)} MB`;
  if (n >= 1e3) return `${Math.round(n / 1e3)} kB`;
  return `${n} B`;
}

/** `1h 05m`, `12m 30s`, `45s`. */
export function formatDuration(seconds: number): string {
  const s = Math.max(0, Math.round(seconds));
  const h = Math.floor(s / 3600);
  const m = Math.floor((s % 3600) / 60);
  if (h > 0) return `${h}h ${String(m).padStart(2, '0')}m`;
  if (m > 0) return `${m}m ${String(s % 60).padStart(2, '0')}s`;
  return `${s}s`;
}

/** One progress line: `[########------------] 40%  3.1/7.8 MB  1.2 MB/s  ETA 4s`. */
export function progressLine(p: UploadProgress, width = 24): string {
  const filled = Math.round((p.percent / 100) * width);
  const bar = '#'.repeat(filled) + '-'.repeat(width - filled);
  const eta = p.etaSeconds === null ? '' : `  ETA ${formatDuration(p.etaSeconds)}`;
  return `[${bar}] ${String(Math.floor(p.percent)).padStart(3)}%  ${formatBytes(p.bytes)}/${formatBytes(p.totalBytes)}  ${formatBytes(p.bytesPerSecond)}/s${eta}`;
}

/** The plates and filaments of a file, as `--info` prints them. */
export function formatInfo(info: ThreeMfInfo): string[] {
  const lines = [
    `${info.path} (${formatBytes(info.fileBytes)})`,
    `  sliced with ${info.application ?? 'unknown slicer'}${info.printerModelName ? ` for ${info.printerModelName}` : ''}`,
  ];
  for (const p of info.plates) {
    const model = slicedForModel(info, p);
    const facts = [
      p.predictionSeconds === null ? null : formatDuration(p.predictionSeconds),
      p.weightGrams === null ? null : `${p.weightGrams.toFixed(1)} g`,
      p.totalLayers === null ? null : `${p.totalLayers} layers`,
      p.nozzleDiameters.length ? `nozzle ${p.nozzleDiameters.join('/')} mm` : null,
      model ? `for ${model}` : null,
      p.bedType,
    ].filter((x): x is string => x !== null);
    lines.push(`plate ${p.index}: ${facts.join(', ')}`);
    for (const f of p.filaments) {
      lines.push(`  filament ${f.id}: ${f.type} ${f.color} ${f.grams.toFixed(2)} g`);
    }
    if (p.objects.length) {
      lines.push(`  objects: ${p.objects.map((o) => `${o.name} (#${o.id})`).join(', ')}`);
    }
  }
  return lines;
}

/** `filament 1 PLA #161616 -> AMS 1 slot 2 (PLA #101010)`. */
export function formatMatch(m: FilamentMatch): string {
  const f = `filament ${m.filamentId} ${m.filament.type} ${m.filament.color}`;
  if (!m.tray) return `${f} -> no loaded tray of that material`;
  const note = m.material === 'family' ? ', similar material' : '';
  return `${f} -> ${m.tray.label} (${m.tray.material} ${m.tray.color}${note})`;
}

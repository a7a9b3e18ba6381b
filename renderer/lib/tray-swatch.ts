import type { CSSProperties } from 'react';
import type { Tray } from '../../shared/printer-state.ts';
import { contrastText } from './format.ts';

/** A checkerboard, the usual sign of transparency, drawn under clear and translucent filament. */
const CHECKERBOARD = 'repeating-conic-gradient(#c8c8c8 0% 25%, #ffffff 0% 50%) 50% / 10px 10px';

/** Style of a tray swatch: its colour, with a checkerboard showing through clear or translucent filament. */
export function traySwatchStyle(tray: Tray): CSSProperties | undefined {
  if (tray.empty) return undefined;
  if (tray.alpha !== undefined) {
    const alpha = tray.alpha.toString(16).padStart(2, '0');
    const tint = tray.color ? `${tray.color}${alpha}` : 'transparent';
    return {
      background: `linear-gradient(${tint}, ${tint}), ${CHECKERBOARD}`,
      color: tray.alpha < 128 ? '#000' : contrastText(tray.color),
    };
  }
  return tray.color ? { backgroundColor: tray.color, color: contrastText(tray.color) } : undefined;
}

/** How a tray's colour reads in a tooltip: `#FF0000`, `clear`, `#FF0000, translucent`. */
export function trayColorText(tray: Tray): string {
  if (tray.alpha === 0) return 'clear';
  if (tray.alpha !== undefined) return `${tray.color ?? ''}, translucent`;
  return tray.color ?? 'no colour reported';
}

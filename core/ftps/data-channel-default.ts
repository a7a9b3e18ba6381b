import { modelFromSerial, modelInfo } from '../../shared/models.ts';
import type { DataChannelMode } from './ftps-options.ts';

/**
 * The data channel to start with when nothing was learned: `auto` (`PROT P`, then `PROT C` if it
 * hangs) for the A1 family and printers of unknown model, `private` for every other model, so no
 * other printer gets a clear data channel by accident (ftps.md §1.2, quirks.md). `model` is any
 * spelling `modelInfo` accepts; the serial's prefix is used when it is unknown.
 */
export function defaultDataChannel(model: string | null, serial: string): DataChannelMode {
  const info = (model ? modelInfo(model) : null) ?? modelFromSerial(serial);
  return info === null || info.series === 'a1' ? 'auto' : 'private';
}

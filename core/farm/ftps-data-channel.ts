import { modelFromSerial, modelInfo } from '../../shared/models.ts';
import type { DataChannelMode } from '../ftps/ftps-options.ts';
import type { StoredPrinter } from './ports.ts';

/**
 * The FTPS data channel to use with a printer: `clear` once learned, `auto` (`PROT P`, then
 * `PROT C` if it hangs) for the A1 family and printers of unknown model, else `private`. Other
 * models never get a clear data channel by accident (ftps.md §1.2, quirks.md).
 */
export function ftpsDataChannelFor(config: StoredPrinter, model: string | null): DataChannelMode {
  if (config.ftpsDataChannel === 'clear') return 'clear';
  const info = (model ? modelInfo(model) : null) ?? modelFromSerial(config.serial);
  return info === null || info.series === 'a1' ? 'auto' : 'private';
}

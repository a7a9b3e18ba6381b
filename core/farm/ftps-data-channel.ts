import { defaultDataChannel } from '../ftps/data-channel-default.ts';
import type { DataChannelMode } from '../ftps/ftps-options.ts';
import type { StoredPrinter } from './ports.ts';

/** A printer's FTPS data channel: `clear` once learned, else the model's default. */
export function ftpsDataChannelFor(config: StoredPrinter, model: string | null): DataChannelMode {
  if (config.ftpsDataChannel === 'clear') return 'clear';
  return defaultDataChannel(model, config.serial);
}

import type { FarmEngine } from '../../../core/farm/farm-engine.ts';

/** What the desktop app uses of the farm engine. */
export type EngineFace = Pick<
  FarmEngine,
  'handlers' | 'onBatch' | 'onEvent' | 'getSnapshot' | 'openCamera' | 'close'
>;

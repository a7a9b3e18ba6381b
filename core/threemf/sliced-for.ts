import { basename } from 'node:path';
import { modelFromCode, modelInfo, type ModelName } from '../../shared/models.ts';
import type { ThreeMfInfo, ThreeMfPlate } from './read-threemf.ts';
import { ThreeMfError } from './threemf-error.ts';

/** The printer model a plate was sliced for: from slice_info's code, else project_settings' name. */
export function slicedForModel(info: ThreeMfInfo, plate: ThreeMfPlate): ModelName | null {
  const byCode = plate.printerModelId ? modelFromCode(plate.printerModelId) : null;
  if (byCode) return byCode.name;
  return info.printerModelName ? (modelInfo(info.printerModelName)?.name ?? null) : null;
}

/**
 * A warning when `plate` was sliced for another model than `printerModel` (a Farmdeck model name
 * such as `P1S`, or any spelling `modelInfo` accepts); null when they match or either is unknown.
 * Printing such a file can crash the toolhead or print at the wrong scale, so callers refuse it
 * unless the user explicitly overrides.
 */
export function modelMismatch(
  info: ThreeMfInfo,
  plate: ThreeMfPlate,
  printerModel: string | null,
): ThreeMfError | null {
  const sliced = slicedForModel(info, plate);
  const target = printerModel ? (modelInfo(printerModel)?.name ?? null) : null;
  if (!sliced || !target || sliced === target) return null;
  return new ThreeMfError(
    'model-mismatch',
    `${basename(info.path)} plate ${plate.index} was sliced for a ${sliced}, but this printer is a ${target}: slice it for the ${target}, or override if you are sure (--force)`,
  );
}

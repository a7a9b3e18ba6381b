import type { PlateSummary } from '../../shared/contract/print-schemas.ts';
import type { ThreeMfInfo, ThreeMfPlate } from '../threemf/read-threemf.ts';
import { slicedForModel } from '../threemf/sliced-for.ts';

/**
 * One plate of a read `.gcode.3mf` as the print dialog, the library and the queue see it. The
 * nozzle diameter is the first extruder's (`nozzle_diameters` of slice_info.config), null when
 * the file does not say.
 */
export function plateSummary(
  info: ThreeMfInfo,
  plate: ThreeMfPlate,
  thumbnailPng: Uint8Array | null,
): PlateSummary {
  return {
    index: plate.index,
    predictionSeconds: plate.predictionSeconds,
    weightGrams: plate.weightGrams,
    totalLayers: plate.totalLayers,
    filaments: plate.filaments.map((f) => ({
      id: f.id,
      type: f.type,
      color: f.color,
      grams: f.grams,
    })),
    slicedFor: slicedForModel(info, plate),
    nozzleDiameter: firstNozzle(plate.nozzleDiameters),
    thumbnail: thumbnailPng
      ? `data:image/png;base64,${Buffer.from(thumbnailPng).toString('base64')}`
      : null,
  };
}

function firstNozzle(diameters: readonly number[]): number | null {
  const d = diameters[0];
  return d !== undefined && d > 0 ? d : null;
}

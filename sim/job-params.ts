/** What the simulator needs to know about a job to play it (a 3MF reader can supply real values). */
export interface JobParams {
  totalLayers: number;
  /** Predicted print time at speed level 2 (standard), minutes. */
  minutes: number;
  /** Nozzle target while printing, °C. */
  nozzleTemp: number;
  /** Bed target while printing, °C. */
  bedTemp: number;
}

/** Supplies job parameters for a file and 1-based plate; fields left out take the defaults. */
export type JobParamsResolver = (
  file: string,
  plate: number,
) => Partial<JobParams> | undefined | Promise<Partial<JobParams> | undefined>;

/**
 * Plausible, deterministic parameters derived from the file name: 40–240 layers, 20–140 minutes,
 * PLA temperatures. Stands in until a 3MF-aware reader provides the sliced values.
 */
export function defaultJobParams(file: string, plate: number): JobParams {
  let h = 2166136261;
  for (const ch of `${file}#${plate}`) h = Math.imul(h ^ ch.charCodeAt(0), 16777619) >>> 0;
  return {
    totalLayers: 40 + (h % 201),
    minutes: 20 + ((h >>> 8) % 121),
    nozzleTemp: 220,
    bedTemp: 55,
  };
}

import { z } from 'zod';

/** Queue timing of one engine (FarmEngineOptions.queue); every field optional, ms. */
export interface QueueTuning {
  instanceId?: string;
  leaseTtlMs?: number;
  heartbeatMs?: number;
  tickMs?: number;
  adoptGraceMs?: number;
}

const QueueTuningSchema = z.strictObject({
  /** Names this instance in leases and copies (default: a random id per run). */
  instanceId: z.string().trim().min(1).max(64).optional(),
  /** A lease not renewed for this long may be taken by another instance. */
  leaseTtlMs: z.number().int().min(500).max(3_600_000).optional(),
  heartbeatMs: z.number().int().min(100).max(600_000).optional(),
  tickMs: z.number().int().min(100).max(600_000).optional(),
  /** A copy dispatched by a dead instance whose printer stays free this long goes back to the queue. */
  adoptGraceMs: z.number().int().min(0).max(3_600_000).optional(),
});

export const QUEUE_TUNING_USAGE = `  FARMDECK_QUEUE_TUNING  JSON queue timing for tests and special farms, e.g.
                        {"leaseTtlMs":15000,"heartbeatMs":3000,"tickMs":2000,"adoptGraceMs":60000}
`;

/**
 * The queue's timing from `FARMDECK_QUEUE_TUNING` (JSON), undefined when unset. Throws with a
 * message that says what is wrong, so the host refuses to start rather than run with a guess.
 */
export function queueTuningFromEnv(env: NodeJS.ProcessEnv): QueueTuning | undefined {
  const text = env['FARMDECK_QUEUE_TUNING'];
  if (text === undefined || text.trim() === '') return undefined;
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    throw new Error(
      'FARMDECK_QUEUE_TUNING is not JSON: write it like {"leaseTtlMs":15000,"heartbeatMs":3000}',
    );
  }
  const parsed = QueueTuningSchema.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const where = issue && issue.path.length > 0 ? ` (${issue.path.join('.')})` : '';
    throw new Error(
      `FARMDECK_QUEUE_TUNING${where}: ${issue?.message ?? 'not valid'}; allowed: instanceId, leaseTtlMs, heartbeatMs, tickMs, adoptGraceMs`,
    );
  }
  if (
    parsed.data.heartbeatMs !== undefined &&
    parsed.data.leaseTtlMs !== undefined &&
    parsed.data.heartbeatMs * 2 > parsed.data.leaseTtlMs
  ) {
    throw new Error(
      'FARMDECK_QUEUE_TUNING: heartbeatMs must be at most half of leaseTtlMs, or leases lapse between heartbeats',
    );
  }
  const tuning: QueueTuning = {};
  for (const [key, value] of Object.entries(parsed.data)) {
    if (value !== undefined) Object.assign(tuning, { [key]: value });
  }
  return tuning;
}

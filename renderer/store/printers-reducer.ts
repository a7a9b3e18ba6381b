import type {
  FarmSnapshot,
  PrinterPatchBatch,
  PrinterView,
} from '../../shared/contract/farm-schemas.ts';

/** The farm as the renderer holds it: views by id, display order, and the last applied sequence number. */
export interface PrintersData {
  readonly byId: Readonly<Record<string, PrinterView>>;
  readonly order: readonly string[];
  readonly seq: number;
  /** False until the first snapshot arrived (batches before it are ignored: the snapshot covers them). */
  readonly ready: boolean;
}

export const emptyPrinters: PrintersData = { byId: {}, order: [], seq: 0, ready: false };

/** Replaces everything with a snapshot. */
export function fromSnapshot(snapshot: FarmSnapshot): PrintersData {
  const byId: Record<string, PrinterView> = {};
  for (const view of snapshot.printers) byId[view.id] = view;
  return { byId, order: snapshot.printers.map((p) => p.id), seq: snapshot.seq, ready: true };
}

/**
 * Applies one batch. Returns the same object when nothing applies (stale batch, or no snapshot yet),
 * 'resync' when a batch was missed (take a new snapshot). Untouched printers keep their object identity,
 * so their selectors do not fire: one printer's update re-renders one card.
 */
export function applyBatch(data: PrintersData, batch: PrinterPatchBatch): PrintersData | 'resync' {
  if (!data.ready || batch.seq <= data.seq) return data;
  if (batch.seq !== data.seq + 1) return 'resync';
  let byId: Record<string, PrinterView> | null = null;
  let order: string[] | null = null;
  for (const view of batch.printers) {
    byId ??= { ...data.byId };
    if (!(view.id in byId)) (order ??= [...data.order]).push(view.id);
    byId[view.id] = view;
  }
  for (const id of batch.removed) {
    if (!((byId ?? data.byId)[id] !== undefined)) continue;
    byId ??= { ...data.byId };
    delete byId[id];
    order = (order ?? [...data.order]).filter((x) => x !== id);
  }
  return { byId: byId ?? data.byId, order: order ?? data.order, seq: batch.seq, ready: true };
}

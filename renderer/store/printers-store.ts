import { create } from 'zustand';
import { useShallow } from 'zustand/react/shallow';
import type { PrinterView } from '../../shared/contract/farm-schemas.ts';
import { tagsInUse } from '../lib/bed-state.ts';
import { visiblePrinterIds, type GridQuery } from '../lib/grid-query.ts';
import { applyBatch, emptyPrinters, fromSnapshot, type PrintersData } from './printers-reducer.ts';
import type { FarmSnapshot, PrinterPatchBatch } from '../../shared/contract/farm-schemas.ts';

/** The printers slice: only the engine's data, replaced by snapshots and batches. */
export const usePrintersStore = create<PrintersData>()(() => emptyPrinters);

export function setSnapshot(snapshot: FarmSnapshot): void {
  usePrintersStore.setState(fromSnapshot(snapshot), true);
}

/** Applies a batch; returns false when a batch was missed and a snapshot is needed. */
export function receiveBatch(batch: PrinterPatchBatch): boolean {
  const current = usePrintersStore.getState();
  const next = applyBatch(current, batch);
  if (next === 'resync') return false;
  if (next !== current) usePrintersStore.setState(next, true);
  return true;
}

/** One printer's view: re-renders only when that printer changes. */
export const usePrinter = (id: string): PrinterView | undefined =>
  usePrintersStore((s) => s.byId[id]);

/** Ids shown by the grid for a query (shallow-compared: re-renders only when the list changes). */
export const useVisibleIds = (query: GridQuery): readonly string[] =>
  usePrintersStore(useShallow((s) => visiblePrinterIds(s.order, s.byId, query)));

/** True when the farm has a queue (a database): every printer then carries `queue` (checks the first). */
export const useFarmHasQueue = (): boolean =>
  usePrintersStore((s) => {
    const first = s.order[0];
    return first !== undefined && s.byId[first]?.queue !== undefined;
  });

/** Groups (tags) in use across the farm, sorted (shallow-compared: re-renders when the list changes). */
export const useTagsInUse = (): string[] =>
  usePrintersStore(useShallow((s) => tagsInUse(s.order, s.byId)));

export const useFarmReady = (): boolean => usePrintersStore((s) => s.ready);
export const usePrinterCount = (): number => usePrintersStore((s) => s.order.length);

/** `[id, name, id, name, …]`: shallow-compared, so telemetry batches do not re-render pickers. */
const idNamePairs = (s: PrintersData): string[] =>
  s.order.flatMap((id) => [id, s.byId[id]?.name ?? id]);

/** The farm's printers as id and name, for filters and pickers (re-renders on add, remove, rename). */
export function usePrinterChoices(): { id: string; name: string }[] {
  const flat = usePrintersStore(useShallow(idNamePairs));
  const out: { id: string; name: string }[] = [];
  for (let i = 0; i + 1 < flat.length; i += 2)
    out.push({ id: flat[i] ?? '', name: flat[i + 1] ?? '' });
  return out;
}

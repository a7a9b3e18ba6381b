import { create } from 'zustand';

/** Minute-resolution "now" shared by every card (one timer for the whole grid). */
export const useClockStore = create<{ now: number }>()(() => ({ now: Date.now() }));

let timer: ReturnType<typeof setInterval> | null = null;

export function startClock(): void {
  timer ??= setInterval(() => useClockStore.setState({ now: Date.now() }), 20_000);
}

export const useNow = (): number => useClockStore((s) => s.now);

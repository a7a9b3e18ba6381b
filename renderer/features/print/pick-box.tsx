import { togglePicked, usePrintUi } from './print-store.ts';

/** Adds a card to the selection a dropped file goes to. */
export function PickBox({ id, name }: { id: string; name: string }) {
  const picked = usePrintUi((s) => s.picked.includes(id));
  return (
    <label
      className="pick-box"
      title="Select for printing: a file dropped on any selected card goes to all of them"
    >
      <input
        type="checkbox"
        checked={picked}
        onChange={() => togglePicked(id)}
        aria-label={`Select ${name} for printing`}
      />
    </label>
  );
}

import { useEffect, useRef } from 'react';
import { dropFile, setDragging, usePrintUi } from './print-store.ts';

const hasFiles = (e: DragEvent) => e.dataTransfer?.types.includes('Files') ?? false;

/**
 * Lets a `.gcode.3mf` be dropped anywhere: on a card (that printer, or the selection it belongs
 * to) or elsewhere in the window (the dialog asks which printers). Shows a hint while dragging.
 */
export function PrintDropLayer() {
  const dragging = usePrintUi((s) => s.dragging);
  useEffect(() => {
    let depth = 0;
    const enter = (e: DragEvent) => {
      if (!hasFiles(e)) return;
      depth++;
      setDragging(true);
    };
    const over = (e: DragEvent) => {
      if (!hasFiles(e)) return;
      e.preventDefault();
      if (e.dataTransfer) e.dataTransfer.dropEffect = 'copy';
    };
    const leave = (e: DragEvent) => {
      if (!hasFiles(e)) return;
      depth = Math.max(0, depth - 1);
      if (depth === 0) setDragging(false);
    };
    const drop = (e: DragEvent) => {
      depth = 0;
      setDragging(false);
      const file = e.dataTransfer?.files[0];
      if (!file) return;
      e.preventDefault();
      const card = e.target instanceof Element ? e.target.closest('[data-printer-id]') : null;
      void dropFile(file, card?.getAttribute('data-printer-id') ?? null);
    };
    window.addEventListener('dragenter', enter);
    window.addEventListener('dragover', over);
    window.addEventListener('dragleave', leave);
    window.addEventListener('drop', drop);
    return () => {
      window.removeEventListener('dragenter', enter);
      window.removeEventListener('dragover', over);
      window.removeEventListener('dragleave', leave);
      window.removeEventListener('drop', drop);
    };
  }, []);
  return dragging ? (
    <div className="drop-hint" aria-hidden="true">
      Drop a .gcode.3mf on a printer, on your selection, or anywhere
    </div>
  ) : null;
}

/** "Print a file…" for people who do not drag: the same dialog, no printer chosen yet. */
export function PrintFileButton() {
  const input = useRef<HTMLInputElement>(null);
  return (
    <>
      <button onClick={() => input.current?.click()}>Print a file…</button>
      <input
        ref={input}
        type="file"
        accept=".3mf"
        hidden
        aria-label="Choose a file to print"
        onChange={(e) => {
          const file = e.target.files?.[0];
          e.target.value = '';
          if (file) void dropFile(file, null);
        }}
      />
    </>
  );
}

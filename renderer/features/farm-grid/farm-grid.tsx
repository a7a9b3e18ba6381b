import { useVirtualizer } from '@tanstack/react-virtual';
import { useEffect, useRef, useState } from 'react';
import { useUiStore } from '../../store/ui-store.ts';
import { useShallow } from 'zustand/react/shallow';
import { useFarmHasQueue, usePrinterCount, useVisibleIds } from '../../store/printers-store.ts';
import { CARD_QUEUE_HEIGHT } from '../bed/card-queue-line.tsx';
import { PrinterCard } from './printer-card.tsx';
import { CARD_CAMERA_HEIGHT, useCameraUi } from '../camera/camera-store.ts';

const CARD_MIN_WIDTH = 300;
const CARD_HEIGHT = 244;
const GAP = 12;

/** The printer grid: rows of cards, virtualized so 200 printers render only what is on screen. */
export function FarmGrid() {
  const query = useUiStore(
    useShallow((s) => ({
      filter: s.filter,
      search: s.search,
      sort: s.sort,
      waiting: s.waiting,
      group: s.group,
    })),
  );
  const ids = useVisibleIds(query);
  const total = usePrinterCount();
  const cardHeight =
    CARD_HEIGHT +
    (useCameraUi((s) => s.inGrid) ? CARD_CAMERA_HEIGHT : 0) +
    (useFarmHasQueue() ? CARD_QUEUE_HEIGHT : 0);
  const scrollRef = useRef<HTMLDivElement>(null);
  const [width, setWidth] = useState(1200);

  useEffect(() => {
    const el = scrollRef.current;
    if (!el) return;
    const observer = new ResizeObserver((entries) => {
      const w = entries[0]?.contentRect.width;
      if (w) setWidth(w);
    });
    observer.observe(el);
    return () => observer.disconnect();
  }, []);

  const columns = Math.max(1, Math.floor((width + GAP) / (CARD_MIN_WIDTH + GAP)));
  const rows = Math.ceil(ids.length / columns);
  const virtualizer = useVirtualizer({
    count: rows,
    getScrollElement: () => scrollRef.current,
    estimateSize: () => cardHeight + GAP,
    overscan: 2,
  });
  useEffect(() => virtualizer.measure(), [virtualizer, cardHeight]);

  return (
    <div className="grid-scroll" ref={scrollRef} data-testid="farm-grid">
      {ids.length === 0 && (
        <p className="empty-note">
          {total === 0
            ? 'No printers yet: use “Add printer” to add one by its LAN details.'
            : 'No printer matches.'}
        </p>
      )}
      <div className="grid-inner" style={{ height: virtualizer.getTotalSize() }}>
        {virtualizer.getVirtualItems().map((row) => (
          <div
            key={row.key}
            className="grid-row"
            style={{
              transform: `translateY(${row.start}px)`,
              gridTemplateColumns: `repeat(${columns}, minmax(0, 1fr))`,
            }}
          >
            {ids.slice(row.index * columns, row.index * columns + columns).map((id) => (
              <PrinterCard key={id} id={id} />
            ))}
          </div>
        ))}
      </div>
    </div>
  );
}

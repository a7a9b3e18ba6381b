import { useVirtualizer } from '@tanstack/react-virtual';
import { useRef } from 'react';
import type { QueueJobView } from '../../../shared/contract/queue-schemas.ts';
import { QueueRow } from './queue-row.tsx';

const ROW_ESTIMATE = 92;

/**
 * The jobs, virtualized: a queue of a thousand jobs renders the rows on screen. Rows measure
 * themselves (a row grows when its copies are open).
 */
export function QueueList({ jobs }: { jobs: readonly QueueJobView[] }) {
  const scrollRef = useRef<HTMLDivElement>(null);
  const virtualizer = useVirtualizer({
    count: jobs.length,
    getScrollElement: () => scrollRef.current,
    estimateSize: () => ROW_ESTIMATE,
    getItemKey: (i) => jobs[i]?.jobId ?? i,
    overscan: 6,
  });
  return (
    <div className="queue-scroll" ref={scrollRef}>
      <ol
        className="queue-list"
        aria-label="Queued jobs"
        style={{ height: virtualizer.getTotalSize() }}
      >
        {virtualizer.getVirtualItems().map((item) => {
          const job = jobs[item.index];
          if (!job) return null;
          return (
            <li
              key={item.key}
              ref={virtualizer.measureElement}
              data-index={item.index}
              className="queue-slot"
              style={{ transform: `translateY(${item.start}px)` }}
            >
              <QueueRow
                job={job}
                position={item.index + 1}
                isFirst={item.index === 0}
                isLast={item.index === jobs.length - 1}
              />
            </li>
          );
        })}
      </ol>
    </div>
  );
}

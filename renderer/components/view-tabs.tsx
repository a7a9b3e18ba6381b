import { showView, useUiStore, type AppView } from '../store/ui-store.ts';

const VIEWS: readonly { key: AppView; label: string }[] = [
  { key: 'farm', label: 'Farm' },
  { key: 'queue', label: 'Queue' },
  { key: 'history', label: 'History' },
  { key: 'library', label: 'Library' },
  { key: 'statistics', label: 'Statistics' },
];

/** The header's switch between the live farm and the farm's memory. */
export function ViewTabs() {
  const view = useUiStore((s) => s.view);
  return (
    <nav className="view-tabs" aria-label="Views">
      {VIEWS.map((v) => (
        <button
          key={v.key}
          className={`view-tab${view === v.key ? ' active' : ''}`}
          aria-current={view === v.key ? 'page' : undefined}
          onClick={() => showView(v.key)}
          data-testid={`view-${v.key}`}
        >
          {v.label}
        </button>
      ))}
    </nav>
  );
}

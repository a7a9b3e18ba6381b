import { useState } from 'react';
import { request } from '../../bridge/farm-client.ts';
import { useTagsInUse } from '../../store/printers-store.ts';
import { groupSuggestions, withGroup } from './group-edit.ts';

/** A printer's groups (tags): remove with ×, add by name with the farm's groups suggested. */
export function GroupEditor({ printerId, tags }: { printerId: string; tags: readonly string[] }) {
  const inUse = useTagsInUse();
  const [input, setInput] = useState('');
  const [saving, setSaving] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const listId = `groups-${printerId}`;

  const save = async (next: string[]) => {
    setSaving(true);
    setError(null);
    const result = await request('queue:set-printer', printerId, { tags: next });
    setSaving(false);
    if (result.ok) setInput('');
    else setError(result.error.message);
  };
  const add = () => {
    const next = withGroup(tags, input, inUse);
    if ('error' in next) setError(next.error);
    else void save(next.tags);
  };

  return (
    <div className="group-editor">
      <div className="tag-chips" aria-label="Groups" data-testid="group-list">
        {tags.length === 0 && <span className="muted small">In no group.</span>}
        {tags.map((tag) => (
          <span key={tag} className="tag-chip" data-testid="tag-chip">
            {tag}
            <button
              aria-label={`Remove from ${tag}`}
              disabled={saving}
              onClick={() => void save(tags.filter((t) => t !== tag))}
            >
              ×
            </button>
          </span>
        ))}
      </div>
      <form
        className="tag-add"
        onSubmit={(e) => {
          e.preventDefault();
          add();
        }}
      >
        <input
          value={input}
          onChange={(e) => setInput(e.target.value)}
          placeholder="Rack A, PETG printers…"
          aria-label="Add to group"
          list={listId}
          maxLength={60}
        />
        <datalist id={listId}>
          {groupSuggestions(tags, inUse).map((t) => (
            <option key={t} value={t} />
          ))}
        </datalist>
        <button type="submit" disabled={saving || input.trim() === ''}>
          {saving ? 'Saving…' : 'Add to group'}
        </button>
      </form>
      {error && (
        <p className="error-text small" role="alert" data-testid="group-error">
          {error}
        </p>
      )}
    </div>
  );
}

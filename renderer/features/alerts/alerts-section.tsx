import { useEffect, useState } from 'react';
import type {
  AlertChannelName,
  AlertResult,
  AlertsView,
} from '../../../shared/contract/alert-schemas.ts';
import { NOTIFY_KINDS, type NotifyKind } from '../../../shared/contract/notify-schemas.ts';
import { request } from '../../bridge/farm-client.ts';
import {
  CHANNEL_TITLES,
  formOf,
  inputOf,
  isDirty,
  toggleKind,
  type AlertsForm,
} from './alerts-form.ts';
import './alerts.css';

const KIND_LABELS: Record<NotifyKind, string> = {
  'print-finished': 'Finished',
  'print-failed': 'Failed',
  'hms-error': 'New HMS error',
  'printer-offline': 'Offline',
  'queue-empty': 'Queue empty',
  'bed-waiting': 'Bed cleared?',
};

/**
 * Settings › Alerts: a webhook and an ntfy topic, each with its kinds, Save, and "Send test". The
 * webhook URL and the ntfy token are secrets: the engine keeps them and the fields only say "saved".
 */
export function AlertsSection() {
  const [view, setView] = useState<AlertsView | null>(null);
  const [form, setForm] = useState<AlertsForm | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [saved, setSaved] = useState(false);
  const [busy, setBusy] = useState<'save' | AlertChannelName | null>(null);
  const [tests, setTests] = useState<Partial<Record<AlertChannelName, AlertResult>>>({});

  useEffect(() => {
    void request('alerts:get').then((result) => {
      if (!result.ok) return setError(result.error.message);
      setView(result.value);
      setForm(formOf(result.value));
    });
  }, []);

  if (view === null || form === null) {
    return (
      <section className="alerts" aria-label="Alerts">
        <h3 className="small muted">Alerts beyond this screen</h3>
        {error ? <p className="error-text">{error}</p> : <p className="muted">Loading…</p>}
      </section>
    );
  }

  const edit = (next: AlertsForm) => {
    setForm(next);
    setSaved(false);
  };

  /** Saves; returns true when the engine took the settings. */
  const save = async (): Promise<boolean> => {
    setError(null);
    const result = await request('alerts:set', inputOf(form));
    if (!result.ok) {
      setError(result.error.message);
      return false;
    }
    setView(result.value);
    setForm(formOf(result.value));
    setSaved(true);
    return true;
  };

  const onSave = async () => {
    setBusy('save');
    await save();
    setBusy(null);
  };

  // Tests what is saved: unsaved changes are saved first, so the test matches the form.
  const onTest = async (channel: AlertChannelName) => {
    setBusy(channel);
    if (!isDirty(form, view) || (await save())) {
      setError(null);
      const result = await request('alerts:test', channel);
      if (result.ok) setTests((t) => ({ ...t, [channel]: result.value }));
      else setError(result.error.message);
      const again = await request('alerts:get');
      if (again.ok) setView(again.value);
    }
    setBusy(null);
  };

  const kindsFor = (channel: AlertChannelName) => (
    <fieldset className="alert-kinds">
      <legend className="small muted">Send when</legend>
      {NOTIFY_KINDS.map((kind) => (
        <label key={kind} className="switch">
          <input
            type="checkbox"
            checked={form[channel].kinds.includes(kind)}
            data-testid={`alert-${channel}-kind-${kind}`}
            onChange={() =>
              edit({
                ...form,
                [channel]: { ...form[channel], kinds: toggleKind(form[channel].kinds, kind) },
              })
            }
          />
          {KIND_LABELS[kind]}
        </label>
      ))}
    </fieldset>
  );

  const footer = (channel: AlertChannelName) => {
    const tested = tests[channel];
    const saved = view[channel].last;
    const last = tested && (!saved || tested.at >= saved.at) ? tested : saved;
    return (
      <div className="alert-footer">
        <button
          type="button"
          disabled={busy !== null}
          data-testid={`alert-${channel}-test`}
          onClick={() => void onTest(channel)}
        >
          {busy === channel ? 'Sending…' : 'Send test'}
        </button>
        {last && (
          <span
            className={`small ${last.ok ? 'ok-text' : 'error-text'}`}
            data-testid={`alert-${channel}-result`}
            role="status"
          >
            {last.ok ? 'Sent: ' : 'Not sent: '}
            {last.message}
          </span>
        )}
        {view[channel].dropped > 0 && (
          <span className="small warn-text">
            {view[channel].dropped} alert(s) dropped: the endpoint could not keep up
          </span>
        )}
      </div>
    );
  };

  const w = form.webhook;
  const n = form.ntfy;
  return (
    <section className="alerts" aria-label="Alerts">
      <h3 className="small muted">Alerts beyond this screen</h3>

      <div className="alert-channel">
        <label className="switch">
          <input
            type="checkbox"
            checked={w.enabled}
            data-testid="alert-webhook-enabled"
            onChange={() => edit({ ...form, webhook: { ...w, enabled: !w.enabled } })}
          />
          <strong>{CHANNEL_TITLES.webhook}</strong>
        </label>
        <label className="field">
          <span>URL (kept secret: it may hold a token)</span>
          <input
            type="password"
            autoComplete="off"
            spellCheck={false}
            value={w.url}
            data-testid="alert-webhook-url"
            placeholder={
              view.webhook.hasSecret && !w.removeUrl
                ? `saved (${view.webhook.urlHint ?? ''}): leave empty to keep it`
                : 'https://hooks.example.com/…'
            }
            onChange={(e) => edit({ ...form, webhook: { ...w, url: e.target.value } })}
          />
        </label>
        {view.webhook.hasSecret && (
          <label className="switch small">
            <input
              type="checkbox"
              checked={w.removeUrl}
              onChange={() => edit({ ...form, webhook: { ...w, removeUrl: !w.removeUrl } })}
            />
            Remove the saved URL
          </label>
        )}
        {kindsFor('webhook')}
        {footer('webhook')}
      </div>

      <div className="alert-channel">
        <label className="switch">
          <input
            type="checkbox"
            checked={n.enabled}
            data-testid="alert-ntfy-enabled"
            onChange={() => edit({ ...form, ntfy: { ...n, enabled: !n.enabled } })}
          />
          <strong>{CHANNEL_TITLES.ntfy}</strong>
        </label>
        <div className="field-row">
          <label className="field grow">
            <span>Server</span>
            <input
              value={n.server}
              spellCheck={false}
              data-testid="alert-ntfy-server"
              placeholder="https://ntfy.sh"
              onChange={(e) => edit({ ...form, ntfy: { ...n, server: e.target.value } })}
            />
          </label>
          <label className="field grow">
            <span>Topic</span>
            <input
              value={n.topic}
              spellCheck={false}
              data-testid="alert-ntfy-topic"
              placeholder="farm-alerts-7q2x"
              onChange={(e) => edit({ ...form, ntfy: { ...n, topic: e.target.value } })}
            />
          </label>
        </div>
        <label className="field">
          <span>Access token (optional)</span>
          <input
            type="password"
            autoComplete="off"
            value={n.token}
            data-testid="alert-ntfy-token"
            placeholder={
              view.ntfy.hasSecret && !n.removeToken ? 'saved: leave empty to keep it' : 'tk_…'
            }
            onChange={(e) => edit({ ...form, ntfy: { ...n, token: e.target.value } })}
          />
        </label>
        {view.ntfy.hasSecret && (
          <label className="switch small">
            <input
              type="checkbox"
              checked={n.removeToken}
              onChange={() => edit({ ...form, ntfy: { ...n, removeToken: !n.removeToken } })}
            />
            Remove the saved token
          </label>
        )}
        <p className="small muted">
          On a public server such as ntfy.sh anyone who knows the topic can read it: pick one hard
          to guess, or use a token.
        </p>
        {kindsFor('ntfy')}
        {footer('ntfy')}
      </div>

      {error && (
        <p className="error-text" role="alert" data-testid="alerts-error">
          {error}
        </p>
      )}
      <div className="dialog-actions">
        <button
          type="button"
          disabled={busy !== null || !isDirty(form, view)}
          data-testid="alerts-save"
          onClick={() => void onSave()}
        >
          {busy === 'save' ? 'Saving…' : 'Save alerts'}
        </button>
        {saved && !isDirty(form, view) && <span className="small ok-text">Saved</span>}
      </div>
    </section>
  );
}

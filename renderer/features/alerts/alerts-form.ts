import type {
  AlertChannelName,
  AlertsInput,
  AlertsView,
} from '../../../shared/contract/alert-schemas.ts';
import type { NotifyKind } from '../../../shared/contract/notify-schemas.ts';

/** What the Alerts section edits. Secret fields start empty: the engine never sends them back. */
export interface AlertsForm {
  webhook: { enabled: boolean; kinds: NotifyKind[]; url: string; removeUrl: boolean };
  ntfy: {
    enabled: boolean;
    kinds: NotifyKind[];
    server: string;
    topic: string;
    token: string;
    removeToken: boolean;
  };
}

export function formOf(view: AlertsView): AlertsForm {
  return {
    webhook: {
      enabled: view.webhook.enabled,
      kinds: [...view.webhook.kinds],
      url: '',
      removeUrl: false,
    },
    ntfy: {
      enabled: view.ntfy.enabled,
      kinds: [...view.ntfy.kinds],
      server: view.ntfy.server,
      topic: view.ntfy.topic,
      token: '',
      removeToken: false,
    },
  };
}

/** A secret typed = set it; "remove" ticked = '' (delete); neither = absent (keep the saved one). */
function secretField(typed: string, remove: boolean): string | undefined {
  if (typed.trim() !== '') return typed.trim();
  return remove ? '' : undefined;
}

export function inputOf(form: AlertsForm): AlertsInput {
  const url = secretField(form.webhook.url, form.webhook.removeUrl);
  const token = secretField(form.ntfy.token, form.ntfy.removeToken);
  return {
    webhook: {
      enabled: form.webhook.enabled,
      kinds: form.webhook.kinds,
      ...(url === undefined ? {} : { url }),
    },
    ntfy: {
      enabled: form.ntfy.enabled,
      kinds: form.ntfy.kinds,
      server: form.ntfy.server.trim(),
      topic: form.ntfy.topic.trim(),
      ...(token === undefined ? {} : { token }),
    },
  };
}

/** True when the form differs from what the engine has saved. */
export function isDirty(form: AlertsForm, view: AlertsView): boolean {
  return JSON.stringify(form) !== JSON.stringify(formOf(view));
}

export function toggleKind(kinds: NotifyKind[], kind: NotifyKind): NotifyKind[] {
  return kinds.includes(kind) ? kinds.filter((k) => k !== kind) : [...kinds, kind];
}

export const CHANNEL_TITLES: Record<AlertChannelName, string> = {
  webhook: 'Webhook (JSON POST)',
  ntfy: 'ntfy push',
};

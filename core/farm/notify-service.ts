import type { RequestHandlers } from '../../shared/contract/contract.ts';
import type { PrinterView } from '../../shared/contract/farm-schemas.ts';
import {
  defaultNotifyPrefs,
  NotifyPrefs,
  type FarmNotification,
} from '../../shared/contract/notify-schemas.ts';
import type { FarmLogger, SecretStore } from './ports.ts';
import { NotifyWatcher } from './notify-watcher.ts';

/**
 * Key of the notification switches in the engine's persistent key-value store. They are not secret; they
 * live there because both hosts (Electron, the browser host) already persist that store per user.
 */
export const NOTIFY_PREFS_KEY = 'farmdeck:notification-prefs';

type NotifyChannel = 'notify:get-prefs' | 'notify:set-prefs';

/**
 * Notifications of the farm: watches every batch's printer views, applies the per-kind switches, and
 * hands each notification to `publish` (the engine's event bus: the renderer shows it, Electron's main
 * process shows a native notification).
 */
export class NotifyService {
  private readonly watcher = new NotifyWatcher();
  private prefs: NotifyPrefs = defaultNotifyPrefs();
  private counter = 0;

  constructor(
    private readonly store: SecretStore,
    private readonly publish: (notification: FarmNotification) => void,
    private readonly logger: FarmLogger,
    private readonly now: () => number,
  ) {}

  /** Reads the saved switches (defaults when none or unreadable). */
  async load(): Promise<void> {
    try {
      const raw = await this.store.get(NOTIFY_PREFS_KEY);
      if (raw === null) return;
      const parsed = NotifyPrefs.safeParse({ ...defaultNotifyPrefs(), ...JSON.parse(raw) });
      if (parsed.success) this.prefs = parsed.data;
    } catch (err) {
      this.logger.warn(
        `notification settings unreadable, using defaults: ${(err as Error).message}`,
      );
    }
  }

  getPrefs(): NotifyPrefs {
    return { ...this.prefs };
  }

  async setPrefs(prefs: NotifyPrefs): Promise<NotifyPrefs> {
    await this.store.set(NOTIFY_PREFS_KEY, JSON.stringify(prefs));
    this.prefs = { ...prefs };
    return this.getPrefs();
  }

  /** Feeds the views of one batch; publishes what the switches allow. */
  observe(views: readonly PrinterView[]): void {
    for (const view of views) {
      for (const draft of this.watcher.observe(view)) {
        if (!this.prefs[draft.kind]) continue;
        this.counter += 1;
        this.publish({ ...draft, id: `n-${this.counter}`, at: this.now() });
      }
    }
  }

  forget(id: string): void {
    this.watcher.forget(id);
  }

  handlers(): Pick<RequestHandlers, NotifyChannel> {
    return {
      'notify:get-prefs': () => Promise.resolve(this.getPrefs()),
      'notify:set-prefs': (prefs) => this.setPrefs(prefs),
    };
  }
}

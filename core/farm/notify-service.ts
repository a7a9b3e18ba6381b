import type { RequestHandlers } from '../../shared/contract/contract.ts';
import type { PrinterView } from '../../shared/contract/farm-schemas.ts';
import {
  defaultNotifyPrefs,
  NotifyPrefs,
  type FarmNotification,
} from '../../shared/contract/notify-schemas.ts';
import type { FarmLogger, SecretStore } from './ports.ts';
import { NotifyWatcher, type NotifyDraft } from './notify-watcher.ts';
import type { QueueAttention } from './queue-attention.ts';

/**
 * Key of the notification switches in the engine's persistent key-value store. They are not secret; they
 * live there because both hosts (Electron, the browser host) already persist that store per user.
 */
export const NOTIFY_PREFS_KEY = 'farmdeck:notification-prefs';

type NotifyChannel = 'notify:get-prefs' | 'notify:set-prefs';

/**
 * Notifications of the farm: watches every batch's printer views, applies the per-kind switches, and
 * hands each notification to `publish` (the engine's event bus: the renderer shows it, Electron's main
 * process shows a native notification). Every notification, switched on or not, also goes to `forward`
 * (the alert channels, which have their own per-kind choices).
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
    private readonly forward: (notification: FarmNotification) => void = () => undefined,
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
      for (const draft of this.watcher.observe(view)) this.raise(draft);
    }
  }

  /** What the queue reports (wired to the queue's `onAttention`): it ran empty, a bed waits for a person. */
  raiseFarm(event: QueueAttention): void {
    if (event.kind === 'queue-empty') {
      this.raise({
        kind: 'queue-empty',
        printerId: null,
        printerName: null,
        title: 'The queue is empty',
        body: 'Every queued copy has been sent to a printer: add jobs to keep the farm busy.',
      });
      return;
    }
    const name = event.printerName;
    this.raise({
      kind: 'bed-waiting',
      printerId: event.printerId,
      printerName: name,
      title: `${name} waits for "Bed cleared"`,
      body: `Remove the plate from ${name}, then confirm "Bed cleared" so the queue can start its next copy.`,
    });
  }

  private raise(draft: NotifyDraft): void {
    this.counter += 1;
    const notification: FarmNotification = { ...draft, id: `n-${this.counter}`, at: this.now() };
    if (this.prefs[draft.kind]) this.publish(notification);
    try {
      this.forward(notification);
    } catch (err) {
      this.logger.warn(`alerts failed: ${(err as Error).message}`);
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

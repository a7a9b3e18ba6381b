import type { AppNotice, CodeStorage, NoticeKind } from '../../shared/contract/app-notices.ts';
import { FarmFailure } from '../../shared/contract/result.ts';

/** Switches where access codes live (the desktop app); the host has no keyring choice. */
export interface CodeStorageControl {
  setCodeStorage(mode: CodeStorage): Promise<void>;
}

/**
 * The app's notices (damaged store moved aside, unprotected or unreadable codes), collected by the stores
 * while they load and shown by the UI as banners until dismissed.
 */
export class AppNotices {
  private readonly notices = new Map<string, AppNotice>();
  private readonly listeners = new Set<(notices: AppNotice[]) => void>();
  private next = 1;

  /** Adds a notice; one of a kind per printer (or per app) replaces the previous one. */
  add(kind: NoticeKind, message: string, printerId?: string, action?: AppNotice['action']): void {
    for (const [id, n] of this.notices) {
      if (n.kind === kind && n.printerId === printerId) this.notices.delete(id);
    }
    const id = `n-${this.next++}`;
    this.notices.set(id, {
      id,
      kind,
      message,
      ...(printerId !== undefined ? { printerId } : {}),
      ...(action !== undefined ? { action } : {}),
    });
    this.changed();
  }

  /** Removes every notice of `kind` (for one printer when given). */
  clear(kind: NoticeKind, printerId?: string): void {
    let removed = false;
    for (const [id, n] of this.notices) {
      if (n.kind === kind && (printerId === undefined || n.printerId === printerId)) {
        removed = this.notices.delete(id) || removed;
      }
    }
    if (removed) this.changed();
  }

  list(): AppNotice[] {
    return [...this.notices.values()];
  }

  dismiss(id: string): void {
    if (this.notices.delete(id)) this.changed();
  }

  onChange(listener: (notices: AppNotice[]) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** The contract's `app:*` handlers. */
  handlers(codes?: CodeStorageControl) {
    return {
      'app:list-notices': () => Promise.resolve(this.list()),
      'app:dismiss-notice': (id: string) => {
        this.dismiss(id);
        return Promise.resolve(null);
      },
      'app:set-code-storage': async (mode: CodeStorage) => {
        if (!codes) {
          throw new FarmFailure(
            'invalid-input',
            'this Farmdeck keeps access codes in its secrets file; the choice exists in the desktop app only',
          );
        }
        await codes.setCodeStorage(mode);
        return null;
      },
    };
  }

  private changed(): void {
    const list = this.list();
    for (const listener of this.listeners) listener(list);
  }
}

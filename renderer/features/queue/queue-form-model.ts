import type { PrintOptions } from '../../../shared/contract/print-schemas.ts';
import {
  QueueJobInput,
  type FilamentRule,
  type OnFailure,
  type QueueFileSource,
} from '../../../shared/contract/queue-schemas.ts';
import { fromLocalInput } from './queue-format.ts';

/** Where the copies may print, as the form offers it. */
export type WhereChoice = 'any' | 'group' | 'printers';

/** The "Add to queue" form as typed (strings where the person types). */
export interface QueueFormState {
  copies: string;
  where: WhereChoice;
  group: string;
  filamentRule: FilamentRule;
  priority: string;
  /** `datetime-local` value; empty: now. */
  notBefore: string;
  onFailure: OnFailure;
}

export const INITIAL_FORM: QueueFormState = {
  copies: '1',
  where: 'any',
  group: '',
  filamentRule: 'exact-color',
  priority: '0',
  notBefore: '',
  onFailure: 'requeue',
};

const intOf = (text: string): number | null => {
  const t = text.trim();
  return /^[-+]?\d+$/.test(t) ? Number(t) : null;
};

/**
 * The `queue:add` input of the form, or what to fix in words. `serials`: the named printers
 * (used when `where` is `printers`).
 */
export function buildJobInput(
  form: QueueFormState,
  file: QueueFileSource,
  plate: number,
  serials: readonly string[],
  options: PrintOptions,
): { ok: true; input: QueueJobInput } | { ok: false; message: string } {
  const copies = intOf(form.copies);
  if (copies === null) return { ok: false, message: 'Copies: type a whole number (1 or more).' };
  const priority = intOf(form.priority);
  if (priority === null)
    return { ok: false, message: 'Priority: type a whole number (0 is normal).' };
  const notBefore = fromLocalInput(form.notBefore);
  if (form.notBefore.trim() !== '' && notBefore === null)
    return { ok: false, message: '"Not before": pick a date and time, or leave it empty.' };
  if (form.where === 'group' && form.group.trim() === '')
    return { ok: false, message: 'Choose a group, or let any compatible printer take the copies.' };
  if (form.where === 'printers' && serials.length === 0)
    return {
      ok: false,
      message: 'Tick at least one printer, or let any compatible printer take the copies.',
    };
  const target =
    form.where === 'group'
      ? { kind: 'group' as const, group: form.group.trim() }
      : form.where === 'printers'
        ? { kind: 'printers' as const, serials: [...serials] }
        : { kind: 'any' as const };
  const parsed = QueueJobInput.safeParse({
    file,
    plate,
    copies,
    target,
    filamentRule: form.filamentRule,
    priority,
    notBefore,
    onFailure: form.onFailure,
    options,
  });
  if (parsed.success) return { ok: true, input: parsed.data };
  const issue = parsed.error.issues[0];
  const field = issue?.path[0] === undefined ? '' : `${String(issue.path[0])}: `;
  return { ok: false, message: `${field}${issue?.message ?? 'check the form'}` };
}

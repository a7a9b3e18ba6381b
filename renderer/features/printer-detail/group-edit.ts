import { GroupName } from '../../../shared/contract/printer-queue-schema.ts';

const MAX_GROUPS = 20;

/**
 * A printer's groups with `input` added: trimmed, spelled like a group already in use on the farm
 * ("rack a" joins "Rack A"), or an error a person can act on.
 */
export function withGroup(
  tags: readonly string[],
  input: string,
  inUse: readonly string[],
): { tags: string[] } | { error: string } {
  const parsed = GroupName.safeParse(input);
  if (!parsed.success) return { error: parsed.error.issues[0]?.message ?? 'invalid group name' };
  const lower = parsed.data.toLowerCase();
  const name = inUse.find((t) => t.toLowerCase() === lower) ?? parsed.data;
  if (tags.some((t) => t.toLowerCase() === lower))
    return { error: `this printer is already in ${name}` };
  if (tags.length >= MAX_GROUPS)
    return { error: `a printer has at most ${MAX_GROUPS} groups: remove one first` };
  return { tags: [...tags, name] };
}

/** Groups of the farm the printer is not in yet, for suggestions. */
export function groupSuggestions(tags: readonly string[], inUse: readonly string[]): string[] {
  return inUse.filter((t) => !tags.includes(t));
}

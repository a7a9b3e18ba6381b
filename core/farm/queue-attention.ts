/**
 * What the queue tells the people of the farm beyond its own view (alerts, notifications): the queue
 * ran empty, or a printer waits for a person to confirm its bed is clear.
 */
export type QueueAttention =
  { kind: 'queue-empty' } | { kind: 'bed-waiting'; printerId: string; printerName: string };

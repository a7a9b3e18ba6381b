/**
 * Channel names of the farm's memory: print history, file library, statistics, and the state of the
 * database behind them (no zod: the preload imports these).
 */
export const RECORDS_REQUEST_CHANNELS = [
  'history:list',
  'history:get',
  'history:get-snapshot',
  'history:export-csv',
  'library:list',
  'library:get',
  'library:delete',
  'library:print',
  'stats:query',
  'records:get-status',
] as const;

/**
 * `history:changed`: a record was added or updated (a job started, progressed, ended);
 * `library:changed`: a file was added, printed or deleted; `records:status`: the database became
 * (un)available.
 */
export const RECORDS_EVENT_CHANNELS = [
  'history:changed',
  'library:changed',
  'records:status',
] as const;

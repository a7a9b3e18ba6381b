export { recordsStore, SqlRecords, type RecordsStoreOptions } from './records-store.ts';
export { MIGRATIONS, SCHEMA_VERSION } from './migrations.ts';
export { DEFAULT_LIBRARY_CAP } from './library-store.ts';

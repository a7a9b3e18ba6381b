// PLACEHOLDER until i14-store's records contract lands: each function becomes one `request()` on its
// channel. Kept in one file so the views do not change when the channels arrive.
import { fail, type Result } from '../../../shared/contract/result.ts';
import type { StagedFile } from '../../../shared/contract/print-schemas.ts';
import type {
  JobRecord,
  JobResult,
  LibraryFile,
  LibraryUsage,
  StatsData,
  StatsFilter,
} from './record-types.ts';

export interface HistoryQuery {
  from: number;
  to: number;
  printerId: string | null;
  result: JobResult | null;
  search: string;
  offset: number;
  limit: number;
}

export interface HistoryPage {
  records: JobRecord[];
  total: number;
}

const notYet = <T>(): Promise<Result<T>> =>
  Promise.resolve(fail<T>('internal', 'the farm history is not available in this build'));

export const fetchHistoryPage = (_q: HistoryQuery): Promise<Result<HistoryPage>> => notYet();

export const fetchLibrary = (
  _search: string,
): Promise<Result<{ files: LibraryFile[]; usage: LibraryUsage }>> => notYet();
export const stageLibraryFile = (_id: string): Promise<Result<StagedFile>> => notYet();
export const deleteLibraryFile = (_id: string): Promise<Result<null>> => notYet();

export interface StatsQuery extends StatsFilter {
  from: number;
  to: number;
  bucketMs: number;
}

export const fetchStats = (_q: StatsQuery): Promise<Result<StatsData>> => notYet();
export const fetchRecentJobs = (_printerId: string, _limit: number): Promise<Result<JobRecord[]>> =>
  notYet();

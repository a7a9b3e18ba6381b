import { z } from 'zod';
import { PrinterId } from './farm-schemas.ts';
import {
  PrinterFileList,
  PrinterFilePath,
  PrintJobId,
  PrintJobInput,
  PrintJobView,
  PrintPlan,
  ReprintInput,
  StagedFile,
  StagedFileId,
} from './print-schemas.ts';

/** A local file path (Electron: the dropped file's path, given by the preload). */
const LocalPath = z.string().min(1).max(4096);

/** Requests of drag-and-drop printing and of the files on a printer (spread into `requestSchemas`). */
export const printRequestSchemas = {
  'print:stage-path': { input: z.tuple([LocalPath]), output: StagedFile },
  'print:get-plan': {
    input: z.tuple([StagedFileId, z.number().int().min(1).max(64)]),
    output: PrintPlan,
  },
  'print:start': { input: z.tuple([PrintJobInput]), output: PrintJobView },
  'print:retry': { input: z.tuple([PrintJobId, PrinterId]), output: PrintJobView },
  'print:list-jobs': { input: z.tuple([]), output: z.array(PrintJobView) },
  'print:dismiss': { input: z.tuple([PrintJobId]), output: z.null() },
  'printer:list-files': { input: z.tuple([PrinterId]), output: PrinterFileList },
  'printer:delete-file': { input: z.tuple([PrinterId, PrinterFilePath]), output: z.null() },
  'printer:print-file': { input: z.tuple([PrinterId, ReprintInput]), output: PrintJobView },
};

/** Values of the print requests. */
export interface PrintRequestValues {
  'print:stage-path': StagedFile;
  'print:get-plan': PrintPlan;
  'print:start': PrintJobView;
  'print:retry': PrintJobView;
  'print:list-jobs': PrintJobView[];
  'print:dismiss': null;
  'printer:list-files': PrinterFileList;
  'printer:delete-file': null;
  'printer:print-file': PrintJobView;
}

/**
 * Browser host only: `POST` the dropped file's bytes here (`Content-Type: application/octet-stream`,
 * `?name=<file name>`, plus `&token=` when the host has one). The reply is a JSON
 * `Result<StagedFile>`. In Electron the file is read from its path (`print:stage-path`) instead.
 */
export const UPLOAD_PATH = '/api/print-upload';

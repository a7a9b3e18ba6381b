/** Public entry of the `farmdeck/shared` package export: the environment-neutral contract. */
export type * from './printer-state.ts';
export { PRINTER_STATUSES } from './printer-state.ts';
export type { RawObject } from './raw-report.ts';
export {
  arr,
  at,
  bool,
  hexBits,
  int,
  isRawObject,
  num,
  obj,
  str,
  testBit,
  text,
} from './raw-report.ts';
export { isStatusReport, mergeReport, reportKind } from './report-merge.ts';
export type { ReportKind } from './report-merge.ts';
export {
  HMS_WIKI_HOME,
  decodeHms,
  decodeHmsList,
  decodePrintError,
  formatHmsCode,
  formatPrintErrorCode,
  hmsModule,
  hmsSeverity,
  hmsText,
  printErrorText,
} from './hms.ts';
export type { CameraKind, ModelInfo, ModelName, ModelSeries } from './models.ts';
export { MODELS, modelFromCode, modelFromSerial, modelInfo } from './models.ts';
export type { VersionInfo, VersionModule } from './version-info.ts';
export { parseVersionInfo } from './version-info.ts';
export { isIdleStage, stageText } from './stages.ts';
export type { NormalizeInput } from './normalize-state.ts';
export { normalizeState, parseWifiSignal, statusOf } from './normalize-state.ts';
export {
  bedTemperature,
  chamberTemperature,
  fanLevelPercent,
  fans,
  nozzles,
  unpackTemperature,
} from './normalize-temps.ts';
export { amsKind, amsUnits, externalSpools, trayAlpha, trayColor } from './normalize-ams.ts';

/** Farmdeck's Node library: protocol clients for Bambu Lab printers. */
export { PrinterLink } from './mqtt/printer-link.ts';
export type { LinkEvents, LinkOptions, LinkStatus } from './mqtt/printer-link.ts';
export type { LinkTarget, TlsTrust } from './mqtt/connection-options.ts';
export {
  CLOUD_BROKERS,
  DEFAULT_MQTT_PORT,
  reportTopic,
  requestTopic,
} from './mqtt/connection-options.ts';
export { LinkError } from './mqtt/link-error.ts';
export type { LinkErrorCode } from './mqtt/link-error.ts';
export type { CommandReply } from './mqtt/reply-tracker.ts';
export type {
  AmsControlParam,
  AmsLoadOptions,
  AmsUnloadOptions,
  LightModeCommand,
  LightNode,
  ProjectFileOptions,
  SpeedLevel,
} from './mqtt/command-builders.ts';
export { BAMBU_PRINTER_CAS } from './mqtt/bambu-ca.ts';
export { DEFAULT_MAX_MESSAGE_BYTES } from './mqtt/message-decoder.ts';
export type * from '../shared/printer-state.ts';
export type { VersionInfo, VersionModule } from '../shared/version-info.ts';

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

// Bambu cloud: login, REST, the account's MQTT connection. Upload and cloud print are fragile:
// Bambu may refuse them for third-party clients (docs/cloud.md).
export { CloudAuth } from './cloud/cloud-auth.ts';
export type { CloudAuthOptions, CloudToken, LoginOutcome } from './cloud/cloud-auth.ts';
export { CloudClient } from './cloud/cloud-client.ts';
export type { CloudClientOptions, ListQuery, UploadUrlQuery } from './cloud/cloud-client.ts';
export { CloudError, isCloudError } from './cloud/cloud-errors.ts';
export type { CloudErrorCode } from './cloud/cloud-errors.ts';
export { CloudMqttConnection } from './cloud/cloud-mqtt.ts';
export type { CloudMqttEvents, CloudMqttOptions, CloudMqttStatus } from './cloud/cloud-mqtt.ts';
export { CLOUD_REGIONS, isCloudRegion, resolveEndpoints } from './cloud/endpoints.ts';
export type { CloudEndpoints, CloudRegion, EndpointOverrides } from './cloud/endpoints.ts';
export { defaultTokenPath, loadToken, saveToken, TOKEN_FILE_ENV } from './cloud/token-file.ts';
export type { SavedToken } from './cloud/token-file.ts';
export {
  decodeJwtPayload,
  isTokenExpired,
  mqttUsernameFromToken,
  tokenExpiresAt,
} from './cloud/jwt.ts';
export {
  createCloudTask,
  createProject,
  getUploadStatus,
  notifyUploadDone,
  updateProject,
  uploadToCloud,
} from './cloud/cloud-upload.ts';
export type { CloudTaskRequest, CloudUpload, CloudUploadResult } from './cloud/cloud-upload.ts';
export type * from './cloud/cloud-schemas.ts';

// Cameras: JPEG stream (A1/P1) and RTSPS (X1/H2/P2S) behind one hub per process (docs/camera.md).
export { CameraHub } from './camera/camera-hub.ts';
export type {
  CameraHubOptions,
  CameraHubStats,
  CameraSource,
  CameraWatch,
} from './camera/camera-hub.ts';
export { cameraKindOf, cameraSourceFor } from './camera/camera-source.ts';
export type { CameraTarget } from './camera/camera-source.ts';
export { CameraError } from './camera/camera-error.ts';
export type { CameraErrorCode } from './camera/camera-error.ts';
export type { CameraFrame, CameraFrameKind, CameraStatus } from './camera/camera-types.ts';
export { openJpegCamera } from './camera/jpeg-camera-client.ts';
export { JpegFrameParser } from './camera/jpeg-frame-parser.ts';
export { openRtspCamera } from './camera/rtsp-camera-client.ts';
export { fragmentToJpeg } from './camera/mp4-snapshot.ts';
export { locateFfmpeg } from './camera/ffmpeg-locate.ts';
export { isLiveviewDisabled, rtspUrlWithCredentials } from './camera/rtsp-url.ts';

// Sliced .gcode.3mf files, FTPS storage, starting prints on one printer or many (docs/files-printing.md).
export {
  openThreeMfEntry,
  pickPlate,
  readPlateThumbnail,
  readThreeMf,
} from './threemf/read-threemf.ts';
export type { ThreeMfInfo, ThreeMfPlate } from './threemf/read-threemf.ts';
export type { SlicedFilament, SlicedObject } from './threemf/slice-info.ts';
export { modelMismatch, slicedForModel } from './threemf/sliced-for.ts';
export { ThreeMfError } from './threemf/threemf-error.ts';
export type { ThreeMfErrorCode } from './threemf/threemf-error.ts';
export { FtpsClient } from './ftps/ftps-client.ts';
export { FtpsError } from './ftps/ftps-error.ts';
export type { FtpsErrorCode } from './ftps/ftps-error.ts';
export { FTPS_PORT } from './ftps/ftps-options.ts';
export type {
  FtpsConnectOptions,
  RemoteEntry,
  UploadOptions,
  UploadResult,
} from './ftps/ftps-options.ts';
export type { UploadProgress } from './ftps/upload-progress.ts';
export { sendAndPrint, startProjectFile } from './printing/start-print.ts';
export type {
  JobOptions,
  PrintPhase,
  SendOptions,
  SendResult,
  StartOutcome,
} from './printing/start-print.ts';
export { sendToMany } from './printing/send-to-many.ts';
export type {
  FarmProgress,
  FarmResult,
  FarmTarget,
  SendToManyOptions,
} from './printing/send-to-many.ts';
export {
  externalTrays,
  loadedTrays,
  parseAmsMapping,
  proposeAmsMapping,
  proposePrinterMapping,
} from './printing/ams-mapping.ts';
export type { AmsMappingProposal, FilamentMatch, TrayCandidate } from './printing/ams-mapping.ts';
export { PrintStartError } from './printing/print-error.ts';
export type { PrintStartErrorCode } from './printing/print-error.ts';

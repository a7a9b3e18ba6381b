import { startFtpsService } from './ftps/ftps-service.ts';
import { startPrinterCamera } from './camera/printer-camera.ts';
import { createIdentity } from './identity.ts';
import { MqttPrinterService } from './mqtt-service.ts';
import { applyQuirks } from './quirks.ts';
import type { VirtualPrinter, VirtualPrinterOptions } from './virtual-printer-api.ts';

export type * from './virtual-printer-api.ts';
export { randomSerial } from './identity.ts';

/** Anything a virtual printer runs that must be closed with it. */
interface Service {
  close(): Promise<void>;
}

/**
 * Starts one virtual printer on loopback: a TLS MQTT broker with the printer's credentials and
 * self-signed certificate (CN = serial), reporting and obeying like the real model.
 * Each service takes the shared identity and its own options; add new listeners (FTPS, camera)
 * next to the MQTT one and push them on `services` so `close()` and start-up failures cover them.
 */
export async function startVirtualPrinter(
  requested: VirtualPrinterOptions,
): Promise<VirtualPrinter> {
  const options = applyQuirks(requested);
  const identity = await createIdentity(options);
  const services: Service[] = [];
  const closeAll = async () => {
    await Promise.all(
      services
        .splice(0)
        .reverse()
        .map((s) => s.close()),
    );
  };
  try {
    const ftps = options.ftps
      ? await startFtpsService(
          identity,
          options.storageDir,
          options.ftps === true ? {} : options.ftps,
        )
      : undefined;
    if (ftps) services.push(ftps);
    const mqtt = await MqttPrinterService.start(
      identity,
      ftps
        ? {
            ...options,
            storageDir: ftps.storageDir,
            resolveJob: options.resolveJob ?? ((file, plate) => ftps.resolveJob(file, plate)),
          }
        : options,
    );
    services.push(mqtt);
    const camera = options.camera
      ? await startPrinterCamera(identity, identity.certificate, {
          progress: () => mqtt.progress,
          ...(options.camera === true ? {} : options.camera),
        })
      : null;
    if (camera) services.push(camera);
    return {
      model: identity.model,
      serial: identity.serial,
      accessCode: identity.accessCode,
      host: identity.host,
      mqttPort: mqtt.port,
      cameraPort: camera?.port ?? null,
      certificatePem: identity.certificate.cert,
      received: mqtt.received,
      startJob: (job) => mqtt.startJob(job),
      setHms: (entries) => mqtt.setHms(entries.map((e) => e.code)),
      setRequireSignature: (on) => mqtt.setRequireSignature(on),
      inject: (fault) => mqtt.inject(fault),
      heal: () => mqtt.heal(),
      setDoorOpen: (open) => mqtt.setDoorOpen(open),
      sessionStats: () => mqtt.sessionStats(),
      ...(ftps
        ? { ftpsPort: ftps.port, storageDir: ftps.storageDir, ftpsStats: ftps.server.stats }
        : {}),
      ...(!ftps && options.storageDir !== undefined ? { storageDir: options.storageDir } : {}),
      close: closeAll,
    };
  } catch (e) {
    await closeAll();
    throw e;
  }
}

/** Starts several virtual printers; if one fails, the others are closed again. */
export async function startVirtualFarm(
  list: readonly VirtualPrinterOptions[],
): Promise<VirtualPrinter[]> {
  const results = await Promise.allSettled(list.map((o) => startVirtualPrinter(o)));
  const started = results.flatMap((r) => (r.status === 'fulfilled' ? [r.value] : []));
  const failed = results.find((r) => r.status === 'rejected');
  if (failed) {
    await Promise.all(started.map((p) => p.close()));
    throw failed.reason;
  }
  return started;
}

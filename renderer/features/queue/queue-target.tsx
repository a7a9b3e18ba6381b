import type { QueueTarget } from '../../../shared/contract/queue-schemas.ts';
import type { PrintersData } from '../../store/printers-reducer.ts';
import { usePrintersStore } from '../../store/printers-store.ts';

const nameMaps = new WeakMap<PrintersData['byId'], Map<string, string>>();

/** serial → name of the farm's printers, built once per printers state. */
function serialNames(s: PrintersData): Map<string, string> {
  let map = nameMaps.get(s.byId);
  if (!map) {
    map = new Map(Object.values(s.byId).map((p) => [p.serial, p.name]));
    nameMaps.set(s.byId, map);
  }
  return map;
}

/** Where a job may print, in words. */
export function TargetText({ target }: { target: QueueTarget }) {
  if (target.kind === 'any') return <>any compatible printer</>;
  if (target.kind === 'group') return <>group “{target.group}”</>;
  return <PrinterNames serials={target.serials} />;
}

function PrinterNames({ serials }: { serials: readonly string[] }) {
  // A string: telemetry batches re-render this only when a name changes.
  const names = usePrintersStore((s) => {
    const map = serialNames(s);
    return serials.map((serial) => map.get(serial) ?? serial).join(', ');
  });
  return <>{names}</>;
}

import { join } from 'node:path';
import yauzl from 'yauzl';

/**
 * What the virtual printer reads from an uploaded `.gcode.3mf` to play a job: the plate's
 * G-code header (`; total layer number: N`, `; total estimated time: 1h 2m 3s`), as the real
 * firmware reads the G-code itself. Written for the simulator only, from reference/protocol/3mf.md
 * §6; it shares nothing with the client's reader on purpose.
 */
export interface SimPlateInfo {
  totalLayers?: number;
  /** Predicted print time, minutes. */
  minutes?: number;
}

const HEAD_BYTES = 32 * 1024;

function seconds(text: string): number | undefined {
  let total = 0;
  let any = false;
  const units: Record<string, number> = { d: 86400, h: 3600, m: 60, s: 1 };
  for (const [, n, u] of text.matchAll(/(\d+(?:\.\d+)?)([dhms])/g)) {
    total += Number(n) * (units[u ?? 's'] ?? 1);
    any = true;
  }
  return any ? total : undefined;
}

/** Parses the header comment block of a Bambu G-code file. */
export function parseHeader(head: string): SimPlateInfo {
  const info: SimPlateInfo = {};
  const layers = head.match(/^; total layer number: (\d+)/m);
  if (layers?.[1]) info.totalLayers = Number(layers[1]);
  const time = head.match(/total estimated time: ([^;\r\n]+)/);
  const s = time?.[1] ? seconds(time[1]) : undefined;
  if (s !== undefined) info.minutes = Math.max(1, Math.round(s / 60));
  return info;
}

/** Reads up to HEAD_BYTES of one entry of a ZIP file; undefined when absent or unreadable. */
function readEntryHead(file: string, entryName: string): Promise<string | undefined> {
  return new Promise((resolve) => {
    yauzl.open(file, { lazyEntries: true }, (err, zip) => {
      if (err || !zip) return resolve(undefined);
      const finish = (v: string | undefined): void => {
        zip.close();
        resolve(v);
      };
      zip.on('error', () => finish(undefined));
      zip.on('end', () => finish(undefined));
      zip.on('entry', (entry: yauzl.Entry) => {
        if (entry.fileName !== entryName) return zip.readEntry();
        zip.openReadStream(entry, (e, stream) => {
          if (e || !stream) return finish(undefined);
          let text = '';
          stream.on('data', (chunk: Buffer) => {
            text += chunk.toString('latin1');
            if (text.length >= HEAD_BYTES) {
              stream.destroy();
              finish(text);
            }
          });
          stream.on('end', () => finish(text));
          stream.on('error', () => finish(undefined));
        });
      });
      zip.readEntry();
    });
  });
}

/**
 * Job parameters of plate `plate` of the 3MF `file` (relative to `storageDir`), for the
 * virtual printer's `resolveJob`; undefined when the file or plate cannot be read.
 */
export async function plateInfo(
  storageDir: string,
  file: string,
  plate: number,
): Promise<SimPlateInfo | undefined> {
  if (file.split(/[\\/]/).includes('..')) return undefined;
  const head = await readEntryHead(join(storageDir, file), `Metadata/plate_${plate}.gcode`);
  if (head === undefined) return undefined;
  const info = parseHeader(head);
  return Object.keys(info).length > 0 ? info : undefined;
}

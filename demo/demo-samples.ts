// Sliced sample files for the demo (npm run demo): drop one on a virtual printer's card.
// Also a script: `node dist/demo/demo-samples.js [folder]` writes them (default demo/samples/).
import { existsSync, mkdirSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { writeGcode3mf, type PlateSpec } from '../test/support/threemf-builder.ts';
import { plateThumbnail, type Rgb } from './plate-thumbnail.ts';

const BLACK: Rgb = [40, 40, 44];
const ORANGE: Rgb = [240, 120, 30];
const TEAL: Rgb = [30, 160, 150];
const PURPLE: Rgb = [211, 87, 254];

interface Sample {
  file: string;
  /** Product name written to the project settings, as the slicer does. */
  printerModel: string;
  plates: (PlateSpec & { preview: Parameters<typeof plateThumbnail>[0] })[];
}

const SAMPLES: readonly Sample[] = [
  {
    file: 'cable-clip-A1mini.gcode.3mf',
    printerModel: 'Bambu Lab A1 mini',
    plates: [
      {
        index: 1,
        printerModelId: 'N1',
        layers: 64,
        prediction: 38 * 60,
        filaments: [{ id: 1, type: 'PLA', color: '#F0781E', usedG: 9.8, usedM: 3.3 }],
        objects: [{ id: 101, name: 'cable clip.stl' }],
        preview: [40, 100, 160].flatMap((x) => [
          { x, y: 70, w: 52, h: 40, color: ORANGE },
          { x, y: 150, w: 52, h: 40, color: ORANGE },
        ]),
      },
    ],
  },
  {
    file: 'bracket-set-P1S.gcode.3mf',
    printerModel: 'Bambu Lab P1S',
    plates: [1, 2].map((index) => ({
      index,
      printerModelId: 'C12',
      layers: index === 1 ? 180 : 95,
      prediction: index === 1 ? 2.5 * 3600 : 55 * 60,
      filaments: [
        { id: 1, type: 'PLA', color: '#28282C', usedG: index === 1 ? 64 : 21, usedM: 21 },
        { id: 2, type: 'PETG', color: '#1EA096', usedG: index === 1 ? 12 : 0, usedM: 4 },
      ],
      objects: [{ id: 100 + index, name: `bracket ${index}.stl` }],
      preview:
        index === 1
          ? [
              { x: 50, y: 60, w: 150, h: 50, color: BLACK },
              { x: 50, y: 110, w: 45, h: 90, color: BLACK },
              { x: 150, y: 150, w: 50, h: 50, color: TEAL },
            ]
          : [{ x: 80, y: 80, w: 96, h: 96, color: BLACK }],
    })),
  },
  {
    // For the queue: the demo's "Rack B" P1S printers hold this purple PLA in every AMS slot.
    file: 'phone-stand-P1S.gcode.3mf',
    printerModel: 'Bambu Lab P1S',
    plates: [
      {
        index: 1,
        printerModelId: 'C12',
        layers: 120,
        prediction: 45 * 60,
        filaments: [{ id: 1, type: 'PLA', color: '#D357FE', usedG: 31, usedM: 10.2 }],
        objects: [{ id: 101, name: 'phone stand.stl' }],
        preview: [
          { x: 70, y: 150, w: 116, h: 40, color: PURPLE },
          { x: 140, y: 60, w: 40, h: 90, color: PURPLE },
        ],
      },
    ],
  },
  {
    file: 'gear-housing-X1E.gcode.3mf',
    printerModel: 'Bambu Lab X1E',
    plates: [
      {
        index: 1,
        printerModelId: 'C13',
        layers: 240,
        prediction: 3.2 * 3600,
        filaments: [{ id: 1, type: 'PETG', color: '#1EA096', usedG: 88, usedM: 29 }],
        objects: [{ id: 101, name: 'gear housing.stl' }],
        preview: [{ x: 60, y: 60, w: 136, h: 136, color: TEAL }],
      },
    ],
  },
];

/** The repository's `demo/samples/` (from `demo/` or `dist/demo/`). */
export function defaultSamplesDir(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  while (!existsSync(join(dir, 'package.json')) && dirname(dir) !== dir) dir = dirname(dir);
  return join(dir, 'demo', 'samples');
}

/** Writes the sample files into `dir` (created when missing); returns their paths. */
export function writeDemoSamples(dir = defaultSamplesDir()): string[] {
  mkdirSync(dir, { recursive: true });
  return SAMPLES.map((s) => {
    const path = join(dir, s.file);
    writeGcode3mf(path, {
      printerModel: s.printerModel,
      title: s.file.replace(/-.*$/, ''),
      plates: s.plates.map(({ preview: _preview, ...plate }) => ({
        ...plate,
        gcodeBytes: 400 * 1024,
      })),
      extra: s.plates.map((p) => ({
        name: `Metadata/plate_${p.index}.png`,
        data: plateThumbnail(p.preview),
        method: 'store' as const,
      })),
    });
    return path;
  });
}

if (process.argv[1] && import.meta.url.endsWith(process.argv[1].replace(/\\/g, '/'))) {
  for (const path of writeDemoSamples(process.argv[2] ? resolve(process.argv[2]) : undefined)) {
    console.log(path);
  }
}

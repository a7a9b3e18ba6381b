import { createHash } from 'node:crypto';
import { writeZip, type ZipEntrySpec } from './zip-writer.ts';

/**
 * Builds sliced `.gcode.3mf` archives shaped like Bambu Studio's "Export plate sliced file"
 * (entries and XML as in reference/protocol/3mf.md), for reader, upload and print tests.
 */

export interface FilamentSpec {
  id: number;
  type: string;
  color: string;
  usedG: number;
  usedM?: number;
  trayInfoIdx?: string;
}

export interface ObjectSpec {
  id: number;
  name: string;
  skipped?: boolean;
}

export interface PlateSpec {
  index: number;
  /** Seconds. Default 3600. */
  prediction?: number;
  /** Grams. Default: sum of filaments. */
  weight?: number;
  /** Default `C12` (P1S). Empty string writes an empty value. */
  printerModelId?: string;
  nozzle?: string;
  filaments?: FilamentSpec[];
  objects?: ObjectSpec[];
  layers?: number;
  bedType?: string;
  /** Size of the G-code body to generate beyond the header (bytes, approximate). Default small. */
  gcodeBytes?: number;
  /** Write the plate PNG (default true). */
  thumbnail?: boolean;
}

export interface ThreeMfSpec {
  plates: PlateSpec[];
  /** `project_settings.config` printer_model. Default `Bambu Lab P1S`. */
  printerModel?: string;
  application?: string;
  title?: string;
  /** Leave out `Metadata/slice_info.config`. */
  omitSliceInfo?: boolean;
  /** Extra or replacing entries. */
  extra?: ZipEntrySpec[];
}

/** A valid 1×1 PNG. */
export const TINY_PNG = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==',
  'base64',
);

const DEFAULT_FILAMENTS: FilamentSpec[] = [
  { id: 1, type: 'PLA', color: '#161616', usedG: 22.46, usedM: 7.53, trayInfoIdx: 'GFA00' },
];
const DEFAULT_OBJECTS: ObjectSpec[] = [{ id: 101, name: 'Part A.stl' }];

const esc = (s: string): string =>
  s.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

function hms(seconds: number): string {
  const h = Math.floor(seconds / 3600);
  const m = Math.floor((seconds % 3600) / 60);
  const s = Math.floor(seconds % 60);
  return `${h > 0 ? `${h}h ` : ''}${m}m ${s}s`;
}

/** The G-code header block Studio writes, then a few layers of moves. */
export function gcodeHeader(plate: PlateSpec): string {
  const layers = plate.layers ?? 50;
  const prediction = plate.prediction ?? 3600;
  const filaments = plate.filaments ?? DEFAULT_FILAMENTS;
  return [
    '; HEADER_BLOCK_START',
    '; BambuStudio 02.01.01.52',
    `; model printing time: ${hms(prediction * 0.9)}; total estimated time: ${hms(prediction)}`,
    `; total layer number: ${layers}`,
    `; total filament length [mm] : ${filaments.map((f) => ((f.usedM ?? 1) * 1000).toFixed(2)).join(',')}`,
    `; total filament weight [g] : ${filaments.map((f) => f.usedG.toFixed(2)).join(',')}`,
    '; filament_density: 1.24',
    '; HEADER_BLOCK_END',
    '',
  ].join('\n');
}

function* gcodeBody(plate: PlateSpec): Generator<Buffer> {
  yield Buffer.from(gcodeHeader(plate));
  const layers = plate.layers ?? 50;
  const objects = plate.objects ?? DEFAULT_OBJECTS;
  const target = plate.gcodeBytes ?? 2000;
  let written = 0;
  let layer = 0;
  let lines: string[] = [];
  while (written < target || layer < Math.min(layers, 3)) {
    layer++;
    lines.push(`M73 P${Math.min(99, Math.floor((layer / layers) * 100))} R${layers - layer}`);
    lines.push(`M991 S0 P${layer}`);
    for (const o of objects) {
      lines.push(`; printing object ${o.name} id:${o.id} copy 0`);
      for (let i = 0; i < 40; i++) lines.push(`G1 X${100 + (i % 17)} Y${100 + (i % 13)} E0.0123`);
      lines.push(`; stop printing object ${o.name} id:${o.id} copy 0`);
    }
    const chunk = Buffer.from(lines.join('\n') + '\n');
    written += chunk.length;
    lines = [];
    yield chunk;
  }
}

function sliceInfo(spec: ThreeMfSpec): string {
  const plates = spec.plates.map((p) => {
    const filaments = p.filaments ?? DEFAULT_FILAMENTS;
    const weight = p.weight ?? filaments.reduce((a, f) => a + f.usedG, 0);
    const meta = (k: string, v: string | number): string =>
      `    <metadata key="${k}" value="${esc(String(v))}"/>`;
    return [
      '  <plate>',
      meta('index', p.index),
      meta('printer_model_id', p.printerModelId ?? 'C12'),
      meta('nozzle_diameters', p.nozzle ?? '0.4'),
      meta('timelapse_type', 0),
      meta('prediction', p.prediction ?? 3600),
      meta('weight', weight.toFixed(2)),
      meta('outside', 'false'),
      meta('support_used', 'false'),
      meta('label_object_enabled', 'true'),
      ...(p.objects ?? DEFAULT_OBJECTS).map(
        (o) =>
          `    <object identify_id="${o.id}" name="${esc(o.name)}" skipped="${o.skipped ? 'true' : 'false'}"/>`,
      ),
      ...filaments.map(
        (f) =>
          `    <filament id="${f.id}" tray_info_idx="${f.trayInfoIdx ?? 'GFL99'}" type="${esc(f.type)}" color="${f.color}" used_m="${(f.usedM ?? 1).toFixed(2)}" used_g="${f.usedG.toFixed(2)}"/>`,
      ),
      '  </plate>',
    ].join('\n');
  });
  return [
    '<?xml version="1.0" encoding="UTF-8"?>',
    '<config>',
    '  <header>',
    '    <header_item key="X-BBL-Client-Type" value="slicer"/>',
    '    <header_item key="X-BBL-Client-Version" value="02.01.01.52"/>',
    '  </header>',
    ...plates,
    '</config>',
  ].join('\n');
}

function model(spec: ThreeMfSpec): string {
  return [
    '<?xml version="1.0" encoding="UTF-8"?>',
    '<model unit="millimeter" xml:lang="en-US" xmlns="http://schemas.microsoft.com/3dmanufacturing/core/2015/02">',
    ` <metadata name="Application">${esc(spec.application ?? 'BambuStudio-02.01.01.52')}</metadata>`,
    ` <metadata name="Title">${esc(spec.title ?? 'Test project')}</metadata>`,
    ' <resources/>',
    ' <build/>',
    '</model>',
  ].join('\n');
}

/** The entries of a sliced archive described by `spec` (gcode entries are generated lazily). */
export function threeMfEntries(spec: ThreeMfSpec): ZipEntrySpec[] {
  const entries: ZipEntrySpec[] = [
    { name: '[Content_Types].xml', data: '<?xml version="1.0" encoding="UTF-8"?><Types/>' },
    { name: '_rels/.rels', data: '<?xml version="1.0" encoding="UTF-8"?><Relationships/>' },
    { name: '3D/3dmodel.model', data: model(spec) },
  ];
  for (const p of spec.plates) {
    const gcode = (): Iterable<Buffer> => gcodeBody(p);
    const md5 = createHash('md5');
    for (const c of gcodeBody(p)) md5.update(c);
    entries.push({ name: `Metadata/plate_${p.index}.gcode`, data: gcode });
    entries.push({ name: `Metadata/plate_${p.index}.gcode.md5`, data: md5.digest('hex') });
    if (p.thumbnail !== false) {
      entries.push({ name: `Metadata/plate_${p.index}.png`, data: TINY_PNG, method: 'store' });
    }
    entries.push({
      name: `Metadata/plate_${p.index}.json`,
      data: JSON.stringify({ bed_type: p.bedType ?? 'textured_plate', nozzle_diameter: 0.4 }),
    });
  }
  if (!spec.omitSliceInfo) {
    entries.push({ name: 'Metadata/slice_info.config', data: sliceInfo(spec) });
  }
  entries.push({
    name: 'Metadata/project_settings.config',
    data: JSON.stringify({
      printer_model: spec.printerModel ?? 'Bambu Lab P1S',
      printer_settings_id: `${spec.printerModel ?? 'Bambu Lab P1S'} 0.4 nozzle`,
      nozzle_diameter: ['0.4'],
      curr_bed_type: 'Textured PEI Plate',
    }),
  });
  const extra = spec.extra ?? [];
  const replaced = new Set(extra.map((e) => e.name));
  return [...entries.filter((e) => !replaced.has(e.name)), ...extra];
}

/** Writes a sliced `.gcode.3mf` at `path`; returns its size in bytes. */
export function writeGcode3mf(path: string, spec: ThreeMfSpec): number {
  return writeZip(path, threeMfEntries(spec));
}

/** Writes a project 3MF with a mesh and no G-code (what "Save project" produces). */
export function writeProject3mf(path: string): number {
  return writeZip(path, [
    { name: '[Content_Types].xml', data: '<Types/>' },
    {
      name: '3D/3dmodel.model',
      data: '<model><resources><object id="1"><mesh/></object></resources><build><item objectid="1"/></build></model>',
    },
    { name: 'Metadata/model_settings.config', data: '<config/>' },
  ]);
}

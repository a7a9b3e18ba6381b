import { describe, expect, it } from 'vitest';
import { parseDuration, parseGcodeHeader } from './gcode-header.ts';
import { parseSliceInfo, xmlTags } from './slice-info.ts';

describe('parseGcodeHeader', () => {
  it('reads layers, time and grams from the header block only', () => {
    const head = [
      '; HEADER_BLOCK_START',
      '; model printing time: 1h 20m 5s; total estimated time: 1d 2h 3m 4s',
      '; total layer number: 250',
      '; total filament weight [g] : 12.50,0.33',
      '; HEADER_BLOCK_END',
      '; total layer number: 999',
    ].join('\n');
    expect(parseGcodeHeader(head)).toEqual({
      totalLayers: 250,
      estimatedSeconds: 86400 + 7200 + 180 + 4,
      filamentGrams: [12.5, 0.33],
    });
  });
  it('returns nulls for a file without a header', () => {
    expect(parseGcodeHeader('G28\nG1 X0\n')).toEqual({
      totalLayers: null,
      estimatedSeconds: null,
      filamentGrams: [],
    });
    expect(parseDuration('soon')).toBeNull();
  });
});

describe('slice_info parsing', () => {
  it('decodes entities and drops plates without an index', () => {
    expect(xmlTags('<object identify_id="7" name="A &amp; B &#233;"/>', 'object')).toEqual([
      { identify_id: '7', name: 'A & B é' },
    ]);
    const plates = parseSliceInfo(
      '<config><plate><metadata key="prediction" value="5"/></plate>' +
        '<plate><metadata key="index" value="2"/><metadata key="nozzle_diameters" value="0.4 0.6"/>' +
        '<filament id="2" type="PLA" color="#ff0000ff" used_g="1.5" used_m="0.5"/></plate></config>',
    );
    expect(plates).toHaveLength(1);
    expect(plates[0]).toMatchObject({
      index: 2,
      nozzleDiameters: [0.4, 0.6],
      printerModelId: null,
      filaments: [
        { id: 2, type: 'PLA', color: '#FF0000', grams: 1.5, meters: 0.5, presetId: null },
      ],
    });
  });
});

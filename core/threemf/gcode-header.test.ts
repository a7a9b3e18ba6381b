import { describe, expect, it } from 'vitest';
import { parseDuration, parseGcodeHeader } from './gcode-header.ts';
import { parseModelMetadata, parseSliceInfo } from './slice-info.ts';
import { ThreeMfError } from './threemf-error.ts';

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
    const [objects] = parseSliceInfo(
      '<config><plate><metadata key="index" value="1"/><object identify_id="7" name="A &amp; B &#233;"/></plate></config>',
    );
    expect(objects?.objects).toEqual([{ id: 7, name: 'A & B é' }]);
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

  it('reads model metadata and stops before the meshes', () => {
    const meta = parseModelMetadata(
      '<model><metadata name="Title">Cube &amp; co</metadata><metadata name="Application">BambuStudio-02.01</metadata><resources><object id="1"><mesh>' +
        '<unclosed>'.repeat(50),
    );
    expect(Object.fromEntries(meta)).toEqual({
      Title: 'Cube & co',
      Application: 'BambuStudio-02.01',
    });
  });

  it.each([
    ['unclosed tags', '<config>' + '<plate>'.repeat(120_000), 'over-limit', /more than 32 deep/],
    [
      'a bad character reference',
      '<config><plate><metadata key="index" value="&#x110000;"/></plate></config>',
      'corrupt',
      /character entity/,
    ],
    [
      'an undefined entity',
      '<config><plate>&evil;</plate></config>',
      'corrupt',
      /undefined entity/,
    ],
    ['a mismatched close', '<config><plate></config>', 'corrupt', /not well-formed/],
    [
      'too many plates',
      '<config>' + '<plate/>'.repeat(300) + '</config>',
      'over-limit',
      /more than 256 plates/,
    ],
    [
      'too many elements',
      '<config><plate>' + '<x/>'.repeat(100_001) + '</plate></config>',
      'over-limit',
      /XML elements/,
    ],
  ])('refuses %s with a clear error', (_what, xml, code, message) => {
    const started = performance.now();
    let caught: unknown;
    try {
      parseSliceInfo(xml);
    } catch (err) {
      caught = err;
    }
    expect(caught).toBeInstanceOf(ThreeMfError);
    expect(caught).toMatchObject({ code });
    expect((caught as Error).message).toMatch(message);
    expect(performance.now() - started).toBeLessThan(5_000);
  });
});

import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ThreeMfInfo } from '../core/threemf/read-threemf.ts';
import type { VirtualPrinter } from '../sim/virtual-printer-api.ts';
import { startVirtualPrinter } from '../sim/virtual-printer.ts';
import { assertBuilt, runCli } from './support/cli-process.ts';
import { writeGcode3mf } from './support/threemf-builder.ts';

const BIN = 'bin/bambu-print.js';
const dir = mkdtempSync(join(tmpdir(), 'farmdeck-print-cli-'));
const file = join(dir, 'Two plates.gcode.3mf');
const caFile = join(dir, 'ca.pem');
let printer: VirtualPrinter;

const printerArgs = (): string[] => [
  '--host',
  printer.host,
  '--port',
  String(printer.mqttPort),
  '--ftp-port',
  String(printer.ftpsPort),
  '--serial',
  printer.serial,
  '--ca',
  caFile,
];

beforeAll(async () => {
  assertBuilt('dist/cli/bambu-print.js');
  writeGcode3mf(file, {
    plates: [
      { index: 1, layers: 20 },
      {
        index: 2,
        layers: 66,
        prediction: 4000,
        filaments: [
          { id: 1, type: 'PLA', color: '#FF0000', usedG: 3 },
          { id: 2, type: 'PETG', color: '#00FF00', usedG: 5 },
        ],
      },
    ],
  });
  printer = await startVirtualPrinter({
    model: 'P1S',
    reportIntervalMs: 100,
    ftps: true,
    timeScale: 20,
  });
  writeFileSync(caFile, printer.certificatePem);
});
afterAll(async () => {
  await printer?.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('bambu-print against a virtual printer', () => {
  it('--info lists the plates and filaments, also as JSON, without a printer', async () => {
    const text = await runCli(BIN, [file, '--info']);
    expect(text.code, text.stderr).toBe(0);
    expect(text.stdout).toMatch(/plate 1: .*20 layers/);
    expect(text.stdout).toMatch(/plate 2: 1h 06m, 8\.0 g, 66 layers, nozzle 0\.4 mm, for P1S/);
    expect(text.stdout).toContain('filament 2: PETG #00FF00 5.00 g');
    const json = await runCli(BIN, [file, '--info', '--json']);
    const info = JSON.parse(json.stdout) as ThreeMfInfo;
    expect(info.plates.map((p) => p.index)).toEqual([1, 2]);
  });

  it('uploads the file and the printer starts the chosen plate', async () => {
    const r = await runCli(
      BIN,
      [file, ...printerArgs(), '--plate', '2', '--ams-mapping', '1,2', '--no-leveling'],
      {
        BAMBU_ACCESS_CODE: printer.accessCode,
      },
    );
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/started Two_plates plate 2 \((PREPARE|RUNNING)\)/);
    expect(r.stderr).not.toContain(printer.accessCode);
    expect(existsSync(join(printer.storageDir!, 'Two_plates.gcode.3mf'))).toBe(true);
    const cmd = printer.received
      .map((m) => m['print'] as Record<string, unknown> | undefined)
      .find((p) => p?.['command'] === 'project_file');
    expect(cmd).toMatchObject({
      param: 'Metadata/plate_2.gcode',
      ams_mapping: [1, 2],
      bed_leveling: false,
    });
  });

  it('refuses a second print while the first runs, then explains a wrong access code', async () => {
    const busy = await runCli(BIN, [file, ...printerArgs(), '--plate', '1', '--no-ams'], {
      BAMBU_ACCESS_CODE: printer.accessCode,
    });
    expect(busy.code).toBe(1);
    expect(busy.stderr).toMatch(/busy/);
    const wrong = await runCli(BIN, [file, ...printerArgs(), '--plate', '1', '--send-only'], {
      BAMBU_ACCESS_CODE: '00000000',
    });
    expect(wrong.code).toBe(3);
    expect(wrong.stderr).toMatch(/access code rejected/);
    expect(wrong.stderr).not.toContain('00000000');
  });

  it('asks for a plate when the file has several, with usage exit code for bad flags', async () => {
    const r = await runCli(BIN, [file, ...printerArgs(), '--send-only'], {
      BAMBU_ACCESS_CODE: printer.accessCode,
    });
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/has plates 1, 2: choose one \(--plate N\)/);
    const bad = await runCli(BIN, [file, ...printerArgs(), '--plate', 'two']);
    expect(bad.code).toBe(2);
  });
  it('--send-only stages the file, --print-again starts it', async () => {
    const spare = await startVirtualPrinter({ model: 'P1S', reportIntervalMs: 100, ftps: true });
    const args = [
      '--host',
      spare.host,
      '--port',
      String(spare.mqttPort),
      '--ftp-port',
      String(spare.ftpsPort),
      '--serial',
      spare.serial,
      '--insecure',
      '--plate',
      '1',
    ];
    try {
      const env = { BAMBU_ACCESS_CODE: spare.accessCode };
      const sent = await runCli(
        BIN,
        [file, ...args, '--send-only', '--name', 'staged.gcode.3mf'],
        env,
      );
      expect(sent.code, sent.stderr).toBe(0);
      expect(sent.stdout).toMatch(/uploaded \/staged\.gcode\.3mf .*--print-again/);
      expect(existsSync(join(spare.storageDir!, 'staged.gcode.3mf'))).toBe(true);
      const again = await runCli(
        BIN,
        ['staged.gcode.3mf', ...args, '--print-again', '--no-ams'],
        env,
      );
      expect(again.code, again.stderr).toBe(0);
      expect(again.stdout).toMatch(/started staged/);
      const cmds = spare.received
        .map((m) => m['print'] as Record<string, unknown> | undefined)
        .filter((p) => p?.['command'] === 'project_file');
      expect(cmds).toHaveLength(1);
      expect(cmds[0]).toMatchObject({
        url: 'ftp:///staged.gcode.3mf',
        param: 'Metadata/plate_1.gcode',
        use_ams: false,
      });
    } finally {
      await spare.close();
    }
  });
});

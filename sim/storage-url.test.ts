import { describe, expect, it } from 'vitest';
import { jobNameFromFile, plateFromParam, storagePathFromUrl } from './storage-url.ts';

describe('storagePathFromUrl', () => {
  it('understands the LAN url forms of mqtt.md §9.4', () => {
    expect(storagePathFromUrl('ftp:///cube.gcode.3mf')).toBe('cube.gcode.3mf');
    expect(storagePathFromUrl('ftp://cube.gcode.3mf')).toBe('cube.gcode.3mf');
    expect(storagePathFromUrl('file:///sdcard/jobs/cube.3mf')).toBe('jobs/cube.3mf');
    expect(storagePathFromUrl('file:///media/usb0/cube.3mf')).toBe('cube.3mf');
    expect(storagePathFromUrl('file:///media/usb0/cache/cube.3mf')).toBe('cube.3mf');
    expect(storagePathFromUrl('ftp:///my%20cube.3mf')).toBe('my cube.3mf');
  });
  it('refuses other schemes and paths leaving the storage root', () => {
    expect(storagePathFromUrl('https://example.com/x.3mf')).toBeUndefined();
    expect(storagePathFromUrl('brtc://emmc/x.3mf')).toBeUndefined();
    expect(storagePathFromUrl('ftp:///../etc/passwd')).toBeUndefined();
    expect(storagePathFromUrl('ftp:///a/%2E%2E/%2E%2E/x')).toBeUndefined();
    expect(storagePathFromUrl('ftp:///')).toBeUndefined();
    expect(storagePathFromUrl('')).toBeUndefined();
  });
});

describe('plateFromParam / jobNameFromFile', () => {
  it('reads the plate number from the gcode path', () => {
    expect(plateFromParam('Metadata/plate_3.gcode')).toBe(3);
    expect(plateFromParam('')).toBe(1);
    expect(plateFromParam(undefined)).toBe(1);
  });
  it('names a job after its file without extensions', () => {
    expect(jobNameFromFile('cube.gcode.3mf')).toBe('cube');
    expect(jobNameFromFile('dir/Benchy.3mf')).toBe('Benchy');
    expect(jobNameFromFile('raw.gcode')).toBe('raw');
  });
});

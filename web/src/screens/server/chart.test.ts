import { describe, expect, it } from 'vitest';
import { formatBytes, formatNumber, geometry, linePath, niceCeiling } from './chart';

describe('Server screen charts', () => {
  it('scales to a round top at or above the largest value', () => {
    expect(niceCeiling(0)).toBe(1);
    expect(niceCeiling(0.3)).toBe(0.5);
    expect(niceCeiling(7)).toBe(10);
    expect(niceCeiling(12)).toBe(20);
    expect(niceCeiling(200)).toBe(200);
    expect(niceCeiling(201)).toBe(500);
  });

  it('places time left to right and values bottom to top', () => {
    const path = linePath(
      [
        { t: 1000, v: 0 },
        { t: 1500, v: 5 },
        { t: 2000, v: 10 },
      ],
      { width: 100, height: 50, from: 1000, to: 2000, top: 10 },
    );
    expect(path).toBe('M0.0 50.0 L50.0 25.0 L100.0 0.0');
    expect(linePath([], { width: 100, height: 50, from: 0, to: 1, top: 1 })).toBe('');
  });

  it('shares one scale between the series of a chart', () => {
    const { paths, top } = geometry([[{ t: 0, v: 3 }], [{ t: 0, v: 40 }]], {
      width: 10,
      height: 10,
      from: 0,
      to: 1,
    });
    expect(top).toBe(50);
    expect(paths).toEqual(['M0.0 9.4', 'M0.0 2.0']);
  });

  it('writes figures the way people read them', () => {
    expect(formatBytes(512)).toBe('512 B');
    expect(formatBytes(1536)).toBe('1.5 KB');
    expect(formatBytes(5 * 1024 ** 3)).toBe('5.0 GB');
    expect(formatNumber(0)).toBe('0');
    expect(formatNumber(0.25)).toBe('0.25');
    expect(formatNumber(12.5)).toBe('12.5');
    expect(formatNumber(1234.4)).toBe('1234');
  });
});

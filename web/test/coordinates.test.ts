import { describe, expect, it } from 'vitest';
import { parseCoordinates } from '../src/lib/coordinates.ts';

const CHANGSHA = { lng: 112.938814, lat: 28.228209 };

describe('a pasted point', () => {
  it('reads what map apps copy, in either order', () => {
    expect(parseCoordinates('112.938814, 28.228209')).toEqual(CHANGSHA);
    expect(parseCoordinates('28.228209,112.938814')).toEqual(CHANGSHA);
    expect(parseCoordinates(' 112.938814，28.228209 ')).toEqual(CHANGSHA);
    expect(parseCoordinates('112.938814 28.228209')).toEqual(CHANGSHA);
  });

  it('reads degrees, minutes and seconds in Chinese and with hemisphere letters', () => {
    expect(parseCoordinates('东经112°56′20″，北纬28°13′42″')).toEqual({
      lng: 112.938889,
      lat: 28.228333,
    });
    expect(parseCoordinates('北纬28°13′42″ 东经112°56′20″')).toEqual({
      lng: 112.938889,
      lat: 28.228333,
    });
    expect(parseCoordinates(`28°13'42"N 112°56'20"E`)).toEqual({ lng: 112.938889, lat: 28.228333 });
    expect(parseCoordinates('112度56分 28度13分')).toEqual({ lng: 112.933333, lat: 28.216667 });
    expect(parseCoordinates('N28.5 E112.25')).toEqual({ lng: 112.25, lat: 28.5 });
  });

  it('refuses what is not one point in China', () => {
    expect(parseCoordinates('')).toBeNull();
    expect(parseCoordinates('长沙市岳麓区')).toBeNull();
    expect(parseCoordinates('112.9')).toBeNull();
    expect(parseCoordinates('112.9, 28.2, 5')).toBeNull();
    expect(parseCoordinates('-74.0, 40.7')).toBeNull();
    expect(parseCoordinates('2.35, 48.85')).toBeNull();
    expect(parseCoordinates('东经112°75′, 北纬28°')).toBeNull();
    expect(parseCoordinates('东经112, 东经28')).toBeNull();
  });
});

import {
  elapsedSeconds,
  formatDuration,
  formatNumber,
  formatWhen,
  normalizeDialInput,
  setHomeRegion,
  withDefaultRegion
} from 'c/callFormat';

describe('callFormat', () => {
  it('groups E.164 numbers for reading and leaves extensions alone', () => {
    expect(formatNumber('+14155550100')).toBe('+1 415 555 0100');
    // Each country's own grouping, as libphonenumber (and the country's numbering plan) writes it (ux-walk #36).
    expect(formatNumber('+442071838750')).toBe('+44 20 7183 8750');
    expect(formatNumber('+33142685300')).toBe('+33 1 42 68 53 00');
    expect(formatNumber('+81312345678')).toBe('+81 3 1234 5678'); // Tokyo's area code 3 on its own, not +81 312 345 678
    expect(formatNumber('201')).toBe('201');
    expect(formatNumber(null)).toBe('');
  });

  it("shows the home region's numbers in its national format and the rest internationally", () => {
    try {
      setHomeRegion('gb');
      // Ofcom's London format: trunk prefix 0, area code 20, then 4 + 4 digits.
      expect(formatNumber('+442071838750')).toBe('020 7183 8750');
      expect(formatNumber('+14155550100')).toBe('+1 415 555 0100');
      setHomeRegion('US');
      // NANP national format: (area code) exchange-line.
      expect(formatNumber('+14155550100')).toBe('(415) 555-0100');
      expect(formatNumber('+442071838750')).toBe('+44 20 7183 8750');
    } finally {
      setHomeRegion('');
    }
  });

  it('formats a number the same after a shift of other callers, and anew when the home region changes', () => {
    try {
      expect(formatNumber('+442071838750')).toBe('+44 20 7183 8750');
      // More distinct callers than the softphone remembers (500), the first one shown again between them.
      for (let hundred = 0; hundred < 12; hundred++) {
        for (let i = hundred * 100; i < hundred * 100 + 100; i++) {
          const line = String(i).padStart(4, '0');
          expect(formatNumber(`+1415555${line}`)).toBe(`+1 415 555 ${line}`);
        }
        expect(formatNumber('+442071838750')).toBe('+44 20 7183 8750');
      }
      setHomeRegion('GB');
      expect(formatNumber('+442071838750')).toBe('020 7183 8750');
      expect(formatNumber('+14155550001')).toBe('+1 415 555 0001');
    } finally {
      setHomeRegion('');
    }
  });

  it("writes times as the agent's locale does, without a leading zero on 12-hour clocks", () => {
    const afternoon = new Date(2026, 11, 3, 15, 36).getTime();
    const morning = new Date(2026, 11, 3, 3, 36).toISOString();
    const when = formatWhen(morning, afternoon);
    // jest runs in en-US: "3:36 AM", where the walk saw "03:36 AM".
    expect(when.replace(/\u202f/g, ' ')).toBe('3:36 AM');
  });

  it('shows durations as m:ss, and h:mm:ss from an hour', () => {
    expect(formatDuration(65)).toBe('1:05');
    expect(formatDuration(3725)).toBe('1:02:05');
    expect(formatDuration(-3)).toBe('0:00');
  });

  it('times a call from the answer once answered, from the ring before', () => {
    const ringing = { ringStartedAt: '2026-11-21T10:00:00.000Z' };
    const now = Date.parse('2026-11-21T10:01:10.000Z');
    expect(elapsedSeconds(ringing, now)).toBe(70);
    expect(elapsedSeconds({ ...ringing, answeredAt: '2026-11-21T10:00:10.000Z' }, now)).toBe(60);
  });

  it('sends only + and digits, and refuses what the contract refuses', () => {
    expect(normalizeDialInput(' +1 (415) 555-0100 ')).toBe('+14155550100');
    expect(normalizeDialInput('201')).toBe('201');
    expect(normalizeDialInput('1')).toBeNull();
    expect(normalizeDialInput('*97')).toBe('*97');
    expect(normalizeDialInput('*8')).toBe('*8');
    expect(normalizeDialInput('*')).toBeNull();
    expect(normalizeDialInput('*9a')).toBeNull();
    expect(normalizeDialInput('415*555')).toBeNull();
    expect(normalizeDialInput('call me')).toBeNull();
    expect(normalizeDialInput('1-800-FLOWERS')).toBe('18003569377');
    expect(normalizeDialInput('800-flowers')).toBe('8003569377');
    expect(normalizeDialInput('+44 20 GOOD')).toBeNull();
    expect(normalizeDialInput('ask reception')).toBeNull();
  });

  it('completes national numbers to E.164 only for a North American default region', () => {
    expect(withDefaultRegion('4155550100', 'US')).toBe('+14155550100');
    expect(withDefaultRegion('14155550100', 'ca')).toBe('+14155550100');
    expect(withDefaultRegion('201', 'US')).toBe('201');
    expect(withDefaultRegion('0207183875', 'GB')).toBe('0207183875');
    expect(withDefaultRegion('+442071838750', 'US')).toBe('+442071838750');
  });
});

import { assertOrganisation } from './assert-organisation';

const messageOf = (org: string) => {
  try {
    assertOrganisation(org);
    return undefined;
  } catch (err) {
    return (err as Error).message;
  }
};

describe('assertOrganisation (--org)', () => {
  it('takes a known code as listed', () => {
    expect(messageOf('VTIJ')).toBeUndefined();
  });

  it('names the code meant when it was written in other letters', () => {
    expect(messageOf('vtij')).toBe('--org: unknown organisation; codes are written as listed: VTIJ');
    expect(messageOf(' VtNog ')).toBe('--org: unknown organisation; codes are written as listed: VTNOG');
  });

  it('quotes an unknown value shaped like a code, and repeats no other value (it may be a name or a BSN)', () => {
    expect(messageOf('NOPE')).toBe('--org: unknown organisation "NOPE"; there are VTIJ, VTNOG');
    const named = messageOf('Jan de Vries');
    expect(named).toBe('--org: unknown organisation (the value given is not shaped like a code, so it is not repeated); there are VTIJ, VTNOG');
    expect(messageOf('123456782')).not.toContain('123456782');
  });
});

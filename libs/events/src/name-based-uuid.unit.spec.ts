import { nameBasedUuid } from './name-based-uuid';

describe('nameBasedUuid', () => {
  it("gives RFC 9562's version-5 UUIDs (the DNS namespace's example, and Python's uuid5 for the others)", () => {
    // RFC 9562 appendix A.4: "www.example.com" in the DNS namespace.
    expect(nameBasedUuid('6ba7b810-9dad-11d1-80b4-00c04fd430c8', 'www.example.com')).toBe('2ed6657d-e927-568b-95e1-2665a8aea6a2');
    // python3 -c "import uuid; print(uuid.uuid5(uuid.UUID('5b0f6c1e-9a57-4c1d-8d2e-6f1a3b7c9e40'), 'VTIJ/VTIJ-2024-000001/0/MeldingOntvangen'))"
    expect(nameBasedUuid('5b0f6c1e-9a57-4c1d-8d2e-6f1a3b7c9e40', 'VTIJ/VTIJ-2024-000001/0/MeldingOntvangen')).toBe('251266f6-2e4f-57a3-a6e4-e879938ab888');
  });

  it('gives other ids for another name or another namespace', () => {
    const a = nameBasedUuid('5b0f6c1e-9a57-4c1d-8d2e-6f1a3b7c9e40', 'x');
    expect(nameBasedUuid('5b0f6c1e-9a57-4c1d-8d2e-6f1a3b7c9e40', 'y')).not.toBe(a);
    expect(nameBasedUuid('9d3c5e2a-6f41-4b8e-a7d0-3c1f5b9e2d64', 'x')).not.toBe(a);
  });

  it('refuses a namespace that is not a UUID', () => {
    expect(() => nameBasedUuid('seeds', 'x')).toThrow('not a UUID namespace: seeds');
  });
});

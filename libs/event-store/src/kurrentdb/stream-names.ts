/**
 * The streams the monitor keeps in KurrentDB. A namespace (default '') goes in front of every
 * name, so that several stores (the contract tests, or two monitors) can share one database
 * without seeing each other's events.
 */
export class StreamNames {
  /** Prefix of every case stream: what readAll and the live subscription filter on. */
  readonly casePrefix: string;
  /** One `CaseErased` event per erasure: organisation, time, count; never the case id. */
  readonly erasures: string;
  /** sha256 hashes of the ids of erased events, so that a re-sent copy counts as a duplicate. */
  readonly erasedIds: string;

  constructor(readonly namespace = '') {
    if (namespace.startsWith('$')) throw new Error(`a KurrentDB namespace must not start with "$" (system streams): ${namespace}`);
    this.casePrefix = `${namespace}vt-case-`;
    this.erasures = `${namespace}vt-erasures`;
    this.erasedIds = `${namespace}vt-erased-ids`;
  }

  /** `vt-case-${organisation}-${caseId}`; case ids match ^[A-Za-z0-9._-]{1,64}$. */
  caseStream(organisation: string, caseId: string): string {
    return `${this.casePrefix}${organisation}-${caseId}`;
  }

  isCaseStream(streamName: string): boolean {
    return streamName.startsWith(this.casePrefix);
  }
}

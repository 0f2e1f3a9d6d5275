/** One case is one stream; case ids are unique per organisation, so the stream id carries both. */
export function streamIdOf(organisation: string, caseId: string): string {
  return `${organisation}:${caseId}`;
}

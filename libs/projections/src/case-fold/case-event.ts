/** An event as the projections see it: what was sent, plus when the monitor learned it. */
export interface CaseEvent {
  id: string;
  type: string;
  organisation: string;
  caseId: string;
  occurredAt: string;
  recordedAt: string;
  data: Record<string, any>;
}

/** One figure of a report (spec/indicators.md, "Output shape"). */
export interface ReportRow {
  key: string;
  by: Record<string, string>;
  value: number | null;
  numerator?: number;
  denominator?: number;
}

export interface FlowReport {
  organisation: string;
  period: string;
  from: string;
  to: string;
  asOf: string | null;
  gemeente?: string;
  rows: ReportRow[];
}

export interface StockReport {
  organisation: string;
  at: string;
  asOf: string | null;
  gemeente?: string;
  /** Which definition of the waiting list the rows use (seed-facts §3 W1, indicators.md). */
  definitions: Record<string, string>;
  rows: ReportRow[];
}

export type Report = FlowReport | StockReport;

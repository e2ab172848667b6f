// JSON output: the scan report, whose findings follow the Finding schema of src/models/finding.ts.
// One line of compact JSON, as ESLint's and Semgrep's JSON formats: it is for machines (pipe it to
// `jq` to read it), and a large report is written several times faster.
import type { ScanReport } from '../../models/finding.js';

export function renderJson(report: ScanReport): string {
  return `${JSON.stringify(report)}\n`;
}

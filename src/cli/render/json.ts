// JSON output: the scan report, whose findings follow the Finding schema of src/models/finding.ts.
import type { ScanReport } from '../../models/finding.js';

export function renderJson(report: ScanReport): string {
  return `${JSON.stringify(report, null, 2)}\n`;
}

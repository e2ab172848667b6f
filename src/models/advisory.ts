// The npm registry's bulk advisory answer (`POST /-/npm/v1/security/advisories/bulk`, the endpoint
// `npm audit` uses), validated at the edge, and the result of a dependency audit.
import { z } from 'zod';
import { Finding } from './finding.js';

export const ADVISORY_SEVERITIES = ['critical', 'high', 'moderate', 'low', 'info'] as const;

export const Advisory = z.object({
  id: z.union([z.number(), z.string()]),
  url: z.string().optional(),
  title: z.string(),
  severity: z.enum(ADVISORY_SEVERITIES),
  vulnerable_versions: z.string(),
  cwe: z.array(z.string()).nullish(),
  cvss: z
    .object({ score: z.number().nullish(), vectorString: z.string().nullish() })
    .nullish(),
});
export type Advisory = z.infer<typeof Advisory>;

/** Package name -> advisories that affect some of the versions asked about. */
export const BulkAdvisoryResponse = z.record(z.string(), z.array(Advisory));
export type BulkAdvisoryResponse = z.infer<typeof BulkAdvisoryResponse>;

export const DependencyAuditResult = z.object({
  /** False when the check could not run; then `findings` being empty says nothing. */
  ran: z.boolean(),
  /** One line: which registry or file, and what failed. Set when `ran` is false. */
  reason: z.string().optional(),
  /** The lockfile that was read, relative to the root. */
  lockfile: z.string().optional(),
  findings: z.array(Finding),
  /** Distinct name@version pairs sent to the registry. */
  packages_checked: z.number().int().min(0),
  /** Things a person should know that did not stop the audit (skipped entries, other lockfiles). */
  notes: z.array(z.string()).default([]),
});
export type DependencyAuditResult = z.infer<typeof DependencyAuditResult>;

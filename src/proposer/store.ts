// Saved proposals under `.autonomous/proposals/<id>.json`, and the findings of the last scan they
// refer to. Ids given on the command line are checked before they name a file.
import fs from 'node:fs';
import { AutonomousError } from '../core/errors.js';
import { StateStore } from '../core/state-store.js';
import { ScanReport, type Finding } from '../models/finding.js';
import { Proposal, ProposalId } from '../models/proposal.js';

const DIR = 'proposals';

export class ProposalStore {
  private readonly store: StateStore;

  constructor(root: string) {
    this.store = new StateStore(root);
  }

  save(proposal: Proposal): void {
    this.store.writeJson(`${DIR}/${proposal.proposal_id}.json`, Proposal.parse(proposal));
  }

  /** Loads a proposal; an unknown or malformed id is a usage error that names it. */
  load(id: string): Proposal {
    if (!ProposalId.safeParse(id).success) {
      throw new AutonomousError('E_USAGE', `${id}: not a proposal id (expected prop_YYYYMMDD_HHMMSS_xxxx)`, {
        hint: 'Run `autonomous propose <finding_id>` and use the ids it prints.',
      });
    }
    const proposal = this.store.readJson(`${DIR}/${id}.json`, Proposal);
    if (proposal === undefined) {
      throw new AutonomousError('E_USAGE', `${id}: no such proposal in ${this.store.path(DIR)}`, {
        hint: 'Run `autonomous propose <finding_id>` and use the ids it prints.',
      });
    }
    return proposal;
  }

  /** All saved proposals, oldest first. */
  list(): Proposal[] {
    let names: string[];
    try {
      names = fs.readdirSync(this.store.path(DIR));
    } catch {
      return [];
    }
    return names
      .filter((name) => name.endsWith('.json') && ProposalId.safeParse(name.slice(0, -5)).success)
      .sort()
      .map((name) => this.load(name.slice(0, -5)));
  }
}

/** The report saved by the last `scan` or `security-scan`; a usage error when there is none. */
export function loadLastScan(root: string): ScanReport {
  const report = new StateStore(root).readJson('scans/last.json', ScanReport);
  if (report === undefined) {
    throw new AutonomousError('E_USAGE', 'no saved scan: finding ids come from the last `autonomous scan`', {
      hint: 'Run `autonomous scan <target>` first, then use the finding ids it prints.',
    });
  }
  return report;
}

/** The findings with these ids (or fingerprints) from the last scan, in the order asked. */
export function findFindings(root: string, ids: readonly string[]): Finding[] {
  const report = loadLastScan(root);
  const byId = new Map<string, Finding>();
  for (const finding of report.findings) {
    byId.set(finding.finding_id, finding);
    byId.set(finding.fingerprint, finding);
  }
  return ids.map((id) => {
    const finding = byId.get(id);
    if (finding === undefined) {
      throw new AutonomousError('E_USAGE', `${id}: no such finding in the last scan (${report.findings.length} findings, ${report.created_at})`, {
        hint: 'Finding ids change only when the code does; run `autonomous scan` again and use the ids it prints.',
      });
    }
    return finding;
  });
}

/**
 * A saved proposal for this finding that still applies (every file it edits is as it was when the
 * proposal was made, and it is not rejected or implemented), so asking again does not duplicate it.
 */
export function currentProposalFor(proposals: readonly Proposal[], findingId: string, hashOf: (file: string) => string | null): Proposal | undefined {
  return [...proposals]
    .reverse()
    .find((p) => p.finding_ids.includes(findingId) && (p.status === 'proposed' || p.status === 'validated' || p.status === 'approved') && p.edits.every((e) => hashOf(e.file_path) === e.base_hash));
}

// Metadata of the security agent's checks that are not AST rules (secrets in any text file,
// vulnerable dependencies), so that they are listed, documented and rendered like every rule.
import type { RuleMeta } from '../scanner/rule.js';

export const securityCheckMetas: readonly RuleMeta[] = [
  {
    id: 'secret-in-file',
    category: 'security',
    severity: 'critical',
    description: 'Credentials in any text file of the repository (.env, JSON, YAML, config, keys), found by `security-scan`.',
    messages: {},
    recommendation:
      'Revoke the credential, remove it from the file (and from git history), and load it from the environment or a secret manager.',
    cwe: ['CWE-798'],
    owasp: ['A07:2021-Identification and Authentication Failures'],
    confidence: 0.9,
  },
  {
    id: 'vulnerable-dependency',
    category: 'security',
    severity: 'high',
    description: "Installed package versions with a published security advisory, from the lockfile and the registry's advisory endpoint (`security-scan`).",
    messages: {},
    recommendation: 'Upgrade the package (or the dependency that pulls it in) to a version outside the advisory\'s vulnerable range.',
    owasp: ['A06:2021-Vulnerable and Outdated Components'],
    confidence: 0.95,
  },
];

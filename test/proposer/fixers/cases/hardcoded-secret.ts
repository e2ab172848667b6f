// Before/after and decline cases of the hardcoded-secret fixer. The values are random strings
// made for these tests; none is a live credential.
import type { FixerTests } from '../../../helpers/fixer-tester.js';

export const SECRET = 'xjSI6bWHtP3fS2qHx6kwXoIIXGvOoNZY';

export const hardcodedSecretCases: FixerTests = {
  fixes: [
    {
      name: 'reads a secret variable from the environment and creates .env.example',
      code: `export const apiKey = '${SECRET}';\n`,
      output: `export const apiKey = process.env.API_KEY;\n`,
      otherFiles: { '.env.example': 'API_KEY=\n' },
      safety: 'unsafe',
    },
    {
      name: 'names the variable after an object property and appends to .env.example (CJS)',
      filename: 'config.js',
      code: `module.exports = {\n  port: 8080,\n  clientSecret: "${SECRET}",\n};\n`,
      output: `module.exports = {\n  port: 8080,\n  clientSecret: process.env.CLIENT_SECRET,\n};\n`,
      options: { files: { '.env.example': 'PORT=8080' } },
      otherFiles: { '.env.example': 'PORT=8080\nCLIENT_SECRET=\n' },
    },
    {
      name: 'leaves .env.example alone when the name is listed (ESM JavaScript)',
      filename: 'auth.mjs',
      code: `const auth = {};\nauth.signingSecret = \`${SECRET}\`;\nexport default auth;\n`,
      output: `const auth = {};\nauth.signingSecret = process.env.SIGNING_SECRET;\nexport default auth;\n`,
      options: { files: { '.env.example': 'SIGNING_SECRET=\n' } },
    },
  ],
  declines: [
    {
      name: 'declines a secret passed straight to a call',
      code: `declare function connect(key: string): void;\nconnect('AKIAUJZDE8GXD6NCF10E');\n`,
      reason: 'not stored under a variable or property name',
    },
  ],
};

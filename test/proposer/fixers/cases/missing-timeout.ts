// Before/after and decline cases of the missing-timeout fixer.
import type { FixerTests } from '../../../helpers/fixer-tester.js';

export const missingTimeoutCases: FixerTests = {
  fixes: [
    {
      name: 'adds an options object with an abort signal to fetch',
      code: `export async function get(url: string) {\n  const res = await fetch(url);\n  return res.json();\n}\n`,
      output: `export async function get(url: string) {\n  const res = await fetch(url, { signal: AbortSignal.timeout(10000) });\n  return res.json();\n}\n`,
      safety: 'unsafe',
    },
    {
      name: 'adds the signal to existing fetch options, with the configured timeout (ESM JavaScript)',
      filename: 'api.mjs',
      code: `export const post = (url, body) => fetch(url, { method: 'POST', body });\n`,
      output: `export const post = (url, body) => fetch(url, { method: 'POST', body, signal: AbortSignal.timeout(2500) });\n`,
      options: { proposer: { fetchTimeoutMs: 2500 } },
    },
    {
      name: 'adds a timeout to an axios call (CJS)',
      filename: 'client.js',
      code: `const axios = require('axios');\nasync function load(url) {\n  return axios.get(url);\n}\nmodule.exports = load;\n`,
      output: `const axios = require('axios');\nasync function load(url) {\n  return axios.get(url, { timeout: 10000 });\n}\nmodule.exports = load;\n`,
    },
    {
      name: 'adds a timeout to an existing axios config',
      code: `import axios from 'axios';\nexport const send = (url: string, data: unknown) => axios.post(url, data, { headers: {} });\n`,
      output: `import axios from 'axios';\nexport const send = (url: string, data: unknown) => axios.post(url, data, { headers: {}, timeout: 10000 });\n`,
    },
    {
      name: 'puts the signal on a line of its own in a multi-line options object, keeping its trailing comma',
      code: `export async function get(url: string) {\n  return fetch(url, {\n    method: 'GET',\n    headers: { accept: 'application/json' },\n  });\n}\n`,
      output: `export async function get(url: string) {\n  return fetch(url, {\n    method: 'GET',\n    headers: { accept: 'application/json' },\n    signal: AbortSignal.timeout(10000),\n  });\n}\n`,
    },
    {
      name: 'puts the signal on a line of its own in a multi-line options object without a trailing comma',
      filename: 'api.js',
      code: `export function get(url) {\n  return fetch(url, {\n    method: 'GET'\n  });\n}\n`,
      output: `export function get(url) {\n  return fetch(url, {\n    method: 'GET',\n    signal: AbortSignal.timeout(10000)\n  });\n}\n`,
    },
  ],
  declines: [
    {
      name: 'declines http.request',
      code: `import http from 'node:http';\nexport function ping() {\n  http.get('http://example.com/', (res) => res.resume());\n}\n`,
      reason: 'http.request',
    },
    {
      name: 'declines an axios call whose config would not be the next argument',
      code: `import axios from 'axios';\nexport const send = (url: string) => axios.post(url);\n`,
      reason: 'argument 3',
    },
  ],
};

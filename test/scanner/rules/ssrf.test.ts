import rule from '../../../src/scanner/rules/security/ssrf.js';
import { testRule } from '../../helpers/rule-tester.js';

testRule(rule, {
  valid: [
    { name: 'constant URL', code: `export async function f() { return fetch('https://api.example.com/status'); }` },
    { name: 'fixed scheme and host, variable path', code: `import axios from 'axios';\nexport function f(req: any) {\n  fetch(\`https://api.example.com/users/\${req.params.id}\`);\n  axios.get('https://api.example.com/items/' + req.query.item);\n}` },
    { name: 'host from configuration', code: `import { API_BASE } from './config';\nexport function f(req: any) { return fetch(\`\${API_BASE}/users/\${req.params.id}\`); }` },
    { name: 'environment variable', code: `export function f() { return fetch(process.env.WEBHOOK_URL!); }` },
    { name: 'browser fetch of a location-derived URL', code: `fetch(location.pathname + '.json');` },
    { name: 'relative URL resolved against a fixed base', code: `export function f(req: any) { return fetch(new URL('/v1/items/' + req.params.id, 'https://api.example.com')); }` },
    { name: 'host allow-list check', code: `const ALLOWED = ['a.example.com'];\nexport async function f(req: any) {\n  const url = new URL(req.query.url);\n  if (!ALLOWED.includes(url.hostname)) throw new Error('forbidden');\n  return fetch(url);\n}` },
    { name: 'axios instance with a baseURL', code: `import axios from 'axios';\nconst api = axios.create({ baseURL: 'https://api.example.com' });\nexport function f(req: any) { return api.get(req.query.path); }` },
    { name: 'a local function named fetch', code: `function fetch(key: string) { return key; }\nexport function f(req: any) { return fetch(req.query.key); }` },
    { name: 'value of unknown origin', code: `import { endpoint } from './registry';\nexport function f() { return fetch(endpoint); }` },
  ],
  invalid: [
    {
      name: 'fetch of a request URL',
      code: `const express = require('express');\nconst app = express();\napp.get('/proxy', async (req, res) => {\n  const r = await fetch(req.query.url);\n  res.send(await r.text());\n});`,
      filename: 'case.js',
      errors: [{ line: 4, severity: 'high', minConfidence: 0.9, message: 'req.query' }],
    },
    {
      name: 'axios verbs, default import alias and require',
      code: `import client from 'axios';\nconst got = require('got');\nexport async function f(req: any) {\n  await client.post(req.body.callback, {});\n  await got(req.body.callback);\n  await client({ method: 'get', url: req.body.callback });\n}`,
      errors: [{ line: 4 }, { line: 5 }, { line: 6 }],
    },
    {
      name: 'node: http and https with namespace import and options host',
      code: `import * as https from 'node:https';\nimport { get as httpGet } from 'http';\nexport function f(req: any) {\n  https.request({ hostname: req.query.host, path: '/' });\n  httpGet(\`http://\${req.query.host}/status\`);\n}`,
      errors: [{ line: 4 }, { line: 5 }],
    },
    {
      name: 'host part injected into a template',
      code: `export function f(req: any) {\n  return fetch('https://' + req.params.tenant + '.example.com/api');\n}`,
      errors: [{ line: 2 }],
    },
    {
      name: 'undici and superagent, URL object from request data',
      code: `import { request } from 'undici';\nimport superagent from 'superagent';\nexport async function f(req: any) {\n  const target = new URL(req.body.url);\n  await request(target);\n  await superagent.get(req.body.url);\n}`,
      errors: [{ line: 5 }, { line: 6 }],
    },
    {
      name: 'parameter: low severity around 0.6',
      code: `export async function getJson(url: string) {\n  const r = await fetch(url);\n  return r.json();\n}`,
      errors: [{ line: 2, severity: 'low', minConfidence: 0.6, maxConfidence: 0.6 }],
    },
    {
      name: 'command-line URL',
      code: `import needle from 'needle';\nneedle.get(process.argv[2]);`,
      errors: [{ line: 2, message: 'process.argv' }],
    },
  ],
});

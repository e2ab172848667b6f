import rule from '../../../src/scanner/rules/error-handling/missing-timeout.js';
import { testRule } from '../../helpers/rule-tester.js';

testRule(rule, {
  valid: [
    { name: 'fetch with an abort signal', code: `export const get = (u: string) => fetch(u, { signal: AbortSignal.timeout(5000) });` },
    { name: 'fetch with options from a variable or a spread', code: `export const get = (u: string, o: RequestInit) => fetch(u, o);\nexport const get2 = (u: string, o: RequestInit) => fetch(u, { ...o, method: 'POST' });` },
    { name: 'fetch of a Request object', code: `export const send = (request: Request) => fetch(request);\nexport const send2 = (u: string) => fetch(new Request(u));` },
    { name: 'axios with a timeout', code: `import axios from 'axios';\naxios.get('/a', { timeout: 5000 });\naxios.post('/a', { x: 1 }, { timeout: 5000 });\naxios({ url: '/a', timeout: 1000 });` },
    { name: 'axios instance created with a timeout', code: `import axios from 'axios';\nconst api = axios.create({ baseURL: '/api', timeout: 10_000 });\napi.get('/users');` },
    { name: 'axios defaults set in the file', code: `import axios from 'axios';\naxios.defaults.timeout = 5000;\naxios.get('/a');` },
    { name: 'http.request with a timeout option', code: `import https from 'node:https';\nhttps.request({ host: 'h', path: '/', timeout: 5000 }, (res) => res.resume()).end();` },
    { name: 'http.get followed by setTimeout', code: `import http from 'http';\nexport function f(url: string) {\n  const req = http.get(url, (res) => res.resume());\n  req.setTimeout(5000, () => req.destroy());\n}` },
    { name: 'http.get chained setTimeout', code: `import http from 'http';\nhttp.get('http://h/', (r) => r.resume()).on('error', console.error).setTimeout(1000);` },
    { name: 'http.request with options from a variable', code: `import http from 'http';\nexport const f = (opts: http.RequestOptions) => http.request(opts);` },
    { name: 'a local function named fetch', code: `function fetch(key: string) { return key; }\nexport const v = fetch('a');` },
  ],
  invalid: [
    {
      name: 'bare fetch',
      code: `export async function load(url: string) {\n  const res = await fetch(url);\n  return res.json();\n}`,
      errors: [{ line: 2, messageId: 'fetch', severity: 'medium' }],
    },
    {
      name: 'fetch with options but no signal, node-fetch import',
      code: `import fetch from 'node-fetch';\nexport const post = (u: string, body: string) => fetch(u, { method: 'POST', body });`,
      errors: [{ line: 2, messageId: 'fetch', message: 'fetch()' }],
    },
    {
      name: 'axios calls without timeout (require, default, named)',
      code: `const axios = require('axios');\naxios.get('/a');\naxios.post('/a', data, { headers: {} });\naxios('/b');\nconst api = axios.create({ baseURL: '/api' });`,
      filename: 'case.js',
      errors: [
        { line: 2, messageId: 'axios', maxConfidence: 0.6 },
        { line: 3, messageId: 'axios' },
        { line: 4, messageId: 'axios' },
        { line: 5, messageId: 'axios', message: 'axios.create' },
      ],
    },
    {
      name: 'https.get with a URL and a callback',
      code: `import { get } from 'node:https';\nexport function f(url: string) {\n  get(url, (res) => res.resume());\n}`,
      errors: [{ line: 3, messageId: 'http', message: 'https.get' }],
    },
    {
      name: 'http.request with options but no timeout',
      code: `import * as http from 'http';\nconst req = http.request({ host: 'h', method: 'POST' }, (res) => res.resume());\nreq.end();`,
      errors: [{ line: 2, messageId: 'http' }],
    },
    {
      name: 'globalThis.fetch',
      code: `export const f = () => globalThis.fetch('https://api.host/x', { method: 'GET' });`,
      errors: [{ line: 1, messageId: 'fetch' }],
    },
  ],
});

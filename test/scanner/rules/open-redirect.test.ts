import rule from '../../../src/scanner/rules/security/open-redirect.js';
import { testRule } from '../../helpers/rule-tester.js';

testRule(rule, {
  valid: [
    { name: 'constant targets', code: `function h(req, res) {\n  res.redirect('/login');\n  res.redirect(301, 'https://example.com/');\n  res.redirect('back');\n}`, filename: 'case.js' },
    { name: 'site-relative literal prefix', code: `function h(req, res) {\n  res.redirect('/users/' + req.params.id);\n  res.redirect(\`/orders/\${req.query.order}/view\`);\n}`, filename: 'case.js' },
    { name: 'fixed scheme and host', code: `function h(req, res) {\n  res.redirect(\`https://accounts.example.com/login?next=\${encodeURIComponent(req.originalUrl)}\`);\n  res.redirect('https://example.com/search?q=' + req.query.q);\n}`, filename: 'case.js' },
    { name: 'validated before the redirect', code: `import { isSafeRedirect } from './urls';\nexport function h(req: any, res: any) {\n  const next = req.query.next;\n  if (!isSafeRedirect(next)) {\n    return res.redirect('/');\n  }\n  res.redirect(next);\n}` },
    { name: 'allow-list check enclosing the redirect', code: `const ALLOWED = new Set(['/a', '/b']);\nexport function h(req: any, res: any) {\n  if (ALLOWED.has(req.query.to)) res.redirect(req.query.to);\n}` },
    { name: 'redirect on something that is not a response parameter', code: `import { router } from './router';\nexport function go(req: any) { router.redirect(req.query.to); }` },
    { name: 'parameter of a helper', code: `export function go(res: any, url: string) { res.redirect(url); }` },
    { name: 'location set from a constant or a relative path', code: `location.href = '/home';\nwindow.location = '/search?q=' + encodeURIComponent(document.title);\nexport function go(id: string) { location.assign('/items/' + id); }` },
    { name: 'value of unknown origin', code: `import { target } from './config';\nexport function h(req: any, res: any) { res.redirect(target); }` },
    { name: 'local variable named location', code: `export function f(req: any) {\n  const location = { href: '' };\n  location.href = req.query.u;\n}` },
    {
      name: 'allow-list checked in a conditional (corpus case)',
      code: `const ALLOWED = new Set(['/a', '/b']);\nfunction h(req, res) {\n  const next = ALLOWED.has(req.query.next) ? req.query.next : '/a';\n  res.redirect(next);\n  res.redirect(isSafeUrl(req.query.to) ? req.query.to : '/');\n}`,
      filename: 'case.js',
    },
  ],
  invalid: [
    {
      name: 'search params held in constants (corpus case)',
      code: `const params = new URL(document.location.href).searchParams;\nconst next = params.get('continue');\nif (next) {\n  location.assign(next);\n}\nconst q = new URLSearchParams(location.search);\nwindow.location.href = q.get('to') ?? '/';`,
      filename: 'case.js',
      errors: [{ line: 4, message: 'location' }, { line: 7 }],
    },
    {
      name: 'conditional whose test does not check the target (corpus case)',
      code: `function h(req, res) {\n  const next = req.query.next.length > 0 ? req.query.next : '/';\n  res.redirect(next);\n  res.redirect(isSafeUrl(req.query.a) ? req.query.b : '/');\n}`,
      filename: 'case.js',
      errors: [{ line: 3 }, { line: 4 }],
    },
    {
      name: 'express redirect to a query parameter',
      code: `const express = require('express');\nconst app = express();\napp.get('/login', (req, res) => {\n  res.redirect(req.query.returnTo || '/');\n});`,
      filename: 'case.js',
      errors: [{ line: 4, severity: 'medium', minConfidence: 0.9, message: 'req.query' }],
    },
    {
      name: 'status code form and koa ctx',
      code: `export function a(req: any, res: any) {\n  res.redirect(302, req.body.url);\n}\nexport async function b(ctx: any) {\n  ctx.redirect(ctx.query.next);\n}`,
      errors: [{ line: 2 }, { line: 5 }],
    },
    {
      name: 'fastify reply through a local copy',
      code: `export async function handler(request: any, reply: any) {\n  const { next } = request.query;\n  return reply.redirect(next);\n}`,
      errors: [{ line: 3 }],
    },
    {
      name: 'DOM-based redirect from the fragment',
      code: `const target = location.hash.slice(1);\nwindow.location.href = target;\nlocation.replace(new URLSearchParams(location.search).get('next') ?? '/');\nwindow.location = decodeURIComponent(location.hash.slice(1));`,
      errors: [{ line: 2, minConfidence: 0.8 }, { line: 3 }, { line: 4 }],
    },
    {
      name: 'a protocol-relative slash prefix is not a safe prefix',
      code: `function h(req, res) {\n  res.redirect('/' + req.query.path);\n}`,
      filename: 'case.js',
      errors: [{ line: 2 }],
    },
    {
      name: 'Next.js redirect with request search params',
      code: `import { redirect as go } from 'next/navigation';\nexport function Page(req: any) {\n  go(req.query.callbackUrl);\n}`,
      errors: [{ line: 3 }],
    },
    {
      name: 'a check of something else does not count',
      code: `export function h(req: any, res: any) {\n  if (!req.isAuthenticated()) return res.sendStatus(401);\n  res.redirect(req.query.next);\n}`,
      errors: [{ line: 3 }],
    },
  ],
});

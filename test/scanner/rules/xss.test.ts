import rule from '../../../src/scanner/rules/security/xss.js';
import { testRule } from '../../helpers/rule-tester.js';

testRule(rule, {
  valid: [
    { name: 'constant markup', code: `const el = document.getElementById('x')!;\nel.innerHTML = '<b>Loading…</b>';\nel.innerHTML += '<br>';\nel.innerHTML = '';` },
    { name: 'constant template and conditional', code: `const ICON = '<svg></svg>';\nexport function f(el: HTMLElement, open: boolean) { el.innerHTML = open ? \`<span>\${ICON}</span>\` : ''; }` },
    { name: 'DOMPurify', code: `import DOMPurify from 'dompurify';\nexport function f(el: HTMLElement) {\n  const dirty = location.hash.slice(1);\n  el.innerHTML = DOMPurify.sanitize(dirty);\n  const clean = DOMPurify.sanitize(dirty);\n  el.outerHTML = clean;\n}` },
    { name: 'escaped parts in a template', code: `import escapeHtml from 'escape-html';\nexport function row(el: HTMLElement, name: string) { el.insertAdjacentHTML('beforeend', \`<tr><td>\${escapeHtml(name)}</td></tr>\`); }` },
    { name: 'textContent is not a sink', code: `export function f(el: HTMLElement) { el.textContent = location.search; }` },
    { name: 'sanitized dangerouslySetInnerHTML', code: `import sanitizeHtml from 'sanitize-html';\nexport function C({ html }: { html: string }) { return <div dangerouslySetInnerHTML={{ __html: sanitizeHtml(html) }} />; }`, filename: 'case.tsx' },
    { name: 'constant dangerouslySetInnerHTML', code: `const CSS = 'body{margin:0}';\nexport const S = () => <style dangerouslySetInnerHTML={{ __html: CSS }} />;`, filename: 'case.tsx' },
    { name: 'a local write function', code: `const doc = { write(s: string) { return s; } };\nexport function f(x: string) { doc.write(x); }` },
    { name: 'he.encode', code: `import he from 'he';\nexport function f(el: HTMLElement) { el.innerHTML = '<p>' + he.encode(location.search) + '</p>'; }` },
    { name: 'insertAdjacentText is not a sink', code: `export function f(el: HTMLElement) { el.insertAdjacentText('beforeend', location.hash); }` },
  ],
  invalid: [
    {
      name: 'search params kept in a constant (corpus case)',
      code: `export function show(box: HTMLElement): void {\n  const params = new URLSearchParams(location.search);\n  const term = params.get('q') ?? '';\n  box.innerHTML = '<p>' + term + '</p>';\n  box.innerHTML = params.get('x')!;\n}`,
      errors: [{ line: 4, severity: 'high', minConfidence: 0.6, message: 'location.search' }, { line: 5, severity: 'high', minConfidence: 0.6 }],
    },
    {
      name: 'URL fragment into innerHTML',
      code: `const el = document.querySelector('#out')!;\nel.innerHTML = '<h1>' + decodeURIComponent(location.hash.slice(1)) + '</h1>';`,
      errors: [{ line: 2, severity: 'high', minConfidence: 0.8 }],
    },
    {
      name: 'document.write with the query string',
      code: `document.write('<p>' + window.location.search + '</p>');\ndocument.writeln(\`\${document.cookie}\`);`,
      errors: [{ line: 1, minConfidence: 0.8 }, { line: 2 }],
    },
    {
      name: 'insertAdjacentHTML with a parameter: medium',
      code: `export function addRow(table: HTMLElement, name: string) {\n  table.insertAdjacentHTML('beforeend', \`<tr><td>\${name}</td></tr>\`);\n}`,
      errors: [{ line: 2, severity: 'medium', maxConfidence: 0.5 }],
    },
    {
      name: 'dangerouslySetInnerHTML with a prop',
      code: `export function Comment({ body }: { body: string }) {\n  return <div dangerouslySetInnerHTML={{ __html: body }} />;\n}`,
      filename: 'case.tsx',
      errors: [{ line: 2, maxConfidence: 0.5 }],
    },
    {
      name: 'server-rendered request data via outerHTML (JS)',
      code: `function h(req, el) {\n  el.outerHTML = req.query.banner;\n}`,
      filename: 'case.js',
      errors: [{ line: 2, severity: 'high', minConfidence: 0.9 }],
    },
    {
      name: 'untraceable markup at low confidence',
      code: `import { renderTemplate } from './tpl';\nconst box = document.body;\nbox.innerHTML = renderTemplate();`,
      errors: [{ line: 3, severity: 'medium', maxConfidence: 0.4 }],
    },
    {
      name: 'only one side of a conditional sanitized',
      code: `import DOMPurify from 'dompurify';\nexport function f(el: HTMLElement, trusted: boolean) {\n  const raw = location.hash;\n  el.innerHTML = trusted ? raw : DOMPurify.sanitize(raw);\n}`,
      errors: [{ line: 4, severity: 'high' }],
    },
  ],
});

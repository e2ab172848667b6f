import rule from '../../../src/scanner/rules/performance/await-in-loop.js';
import { testRule } from '../../helpers/rule-tester.js';

testRule(rule, {
  valid: [
    'async function f(ids) {\n  const users = await Promise.all(ids.map((id) => db.find(id)));\n  return users;\n}',
    { name: 'for await is sequential by design', code: 'async function f(stream) {\n  for await (const chunk of stream) {\n    await write(chunk);\n  }\n}' },
    {
      name: 'await in a callback inside the loop',
      code: 'async function f(ids) {\n  const tasks = [];\n  for (const id of ids) {\n    tasks.push((async () => { await db.find(id); })());\n  }\n  await Promise.all(tasks);\n}',
    },
    { name: 'await in the iterable or the condition', code: 'async function f(c) {\n  for (const x of await list()) use(x);\n  while (await c.hasNext()) c.skip();\n}' },
    {
      name: 'deliberate pauses',
      code: [
        "import { setTimeout as wait } from 'node:timers/promises';",
        'async function poll(job) {',
        '  for (let i = 0; i < 10; i++) {',
        '    await sleep(100);',
        '    await wait(100);',
        '    await new Promise((resolve) => setTimeout(resolve, 50));',
        '    await this.delay(10);',
        '  }',
        '}',
      ].join('\n'),
    },
    {
      name: 'promises started before the loop',
      code: 'async function f(ids, pairs) {\n  const pending = ids.map((id) => db.find(id));\n  const out = [];\n  for (const p of pending) out.push(await p);\n  for (const pair of pairs) {\n    out.push(await pair.value);\n    out.push(await this.ready);\n  }\n  return out;\n}',
    },
    { code: 'async function f(ids) {\n  for (const id of ids) {\n    cache.delete(id);\n  }\n  await flush();\n}', filename: 'case.js' },
  ],
  invalid: [
    {
      code: 'async function load(ids) {\n  const out = [];\n  for (const id of ids) {\n    out.push(await db.find(id));\n  }\n  return out;\n}',
      errors: [{ line: 4, column: 14, message: 'for...of loop', minConfidence: 0.6, maxConfidence: 0.6 }],
    },
    {
      name: 'one finding per loop, at the first await',
      code: 'async function f(ids) {\n  for (let i = 0; i < ids.length; i++) {\n    const a = await get(ids[i]);\n    await put(a);\n  }\n}',
      errors: [{ line: 3, message: 'for loop' }],
    },
    {
      name: 'loops with break or return are likely sequential',
      code: 'async function find(urls) {\n  for (const url of urls) {\n    const res = await fetch(url);\n    if (res.ok) return res;\n  }\n}',
      errors: [{ line: 3, maxConfidence: 0.4 }],
    },
    {
      name: 'while loops page through cursors: lower confidence',
      code: 'async function all(api) {\n  let cursor;\n  do {\n    const page = await api.list(cursor);\n    cursor = page.next;\n  } while (cursor);\n}',
      errors: [{ line: 4, message: 'do...while', maxConfidence: 0.4 }],
    },
    {
      name: 'nested loops report at the innermost loop',
      code: 'const run = async (groups) => {\n  for (const g in groups) {\n    await start(g);\n    for (const item of groups[g]) {\n      await save(item);\n    }\n  }\n};',
      filename: 'case.mjs',
      errors: [{ line: 5, message: 'for...of' }, { line: 3, message: 'for...in' }],
    },
    {
      name: 'a return inside a nested callback does not lower the confidence',
      code: 'async function f(ids) {\n  for (const id of ids) {\n    const row = await db.find(id);\n    rows.push(row.items.map((x) => { return x.id; }));\n  }\n}',
      errors: [{ line: 3, minConfidence: 0.6 }],
    },
    {
      name: 'a promise created in the loop body and awaited there',
      code: 'async function f(urls) {\n  for (const u of urls) {\n    const p = fetch(u);\n    log(await p);\n  }\n}',
      errors: [{ line: 4, minConfidence: 0.6 }],
    },
    {
      name: 'test files get a low confidence',
      code: 'it("saves", async () => {\n  for (const u of users) {\n    await repo.save(u);\n  }\n});',
      filename: 'test/repo.test.ts',
      errors: [{ line: 3, maxConfidence: 0.3 }],
    },
    {
      name: 'top-level await in an ES module',
      code: 'for (const f of files) {\n  await upload(f);\n}',
      filename: 'script.mjs',
      errors: [{ line: 2 }],
    },
  ],
});

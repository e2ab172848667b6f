// Before/after and decline cases of the await-in-loop fixer.
import type { FixerTests } from '../../../helpers/fixer-tester.js';

export const awaitInLoopCases: FixerTests = {
  fixes: [
    {
      name: 'awaits the calls together with Array.from on an iterable of unknown kind',
      code: `declare function save(x: string): Promise<void>;\nexport async function saveAll(items: Iterable<string>) {\n  for (const item of items) {\n    await save(item);\n  }\n}\n`,
      output: `declare function save(x: string): Promise<void>;\nexport async function saveAll(items: Iterable<string>) {\n  await Promise.all(Array.from(items, (item) => save(item)));\n}\n`,
      safety: 'unsafe',
    },
    {
      name: 'uses .map on a known array, with a method call on the loop variable (CommonJS)',
      filename: 'ids.js',
      code: `async function removeAll(db, users) {\n  for (const id of Object.keys(users)) await db.users.remove(id, { hard: true });\n}\nmodule.exports = removeAll;\n`,
      output: `async function removeAll(db, users) {\n  await Promise.all(Object.keys(users).map((id) => db.users.remove(id, { hard: true })));\n}\nmodule.exports = removeAll;\n`,
    },
    {
      name: 'keeps the callee on the element and template arguments (ESM JavaScript)',
      filename: 'jobs.mjs',
      code: `export async function run(jobs) {\n  for (const job of jobs.filter(Boolean)) {\n    await job.start(\`job-\${job.id}\`);\n  }\n}\n`,
      output: `export async function run(jobs) {\n  await Promise.all(jobs.filter(Boolean).map((job) => job.start(\`job-\${job.id}\`)));\n}\n`,
    },
    {
      name: 'passes `this` and optional member reads of the loop variable along',
      code: `export class Sync {\n  async pushAll(rows: Array<{ id?: { value: string } }>) {\n    for (const row of rows.filter(Boolean)) {\n      await this.push(this, row.id?.value);\n    }\n  }\n  async push(owner: Sync, id?: string) {\n    return [owner, id];\n  }\n}\n`,
      output: `export class Sync {\n  async pushAll(rows: Array<{ id?: { value: string } }>) {\n    await Promise.all(rows.filter(Boolean).map((row) => this.push(this, row.id?.value)));\n  }\n  async push(owner: Sync, id?: string) {\n    return [owner, id];\n  }\n}\n`,
    },
    {
      name: 'uses .map on a parameter typed as an array',
      code: `declare function save(x: number): Promise<void>;\nexport async function run(xs: readonly number[]) {\n  for (const x of xs) {\n    await save(x);\n  }\n}\n`,
      output: `declare function save(x: number): Promise<void>;\nexport async function run(xs: readonly number[]) {\n  await Promise.all(xs.map((x) => save(x)));\n}\n`,
    },
    {
      name: 'uses .map on a const made from a known array',
      code: `declare function save(x: string): Promise<void>;\nexport async function run(text: string) {\n  const lines = text.split('\\n');\n  for (const line of lines) {\n    await save(line);\n  }\n}\n`,
      output: `declare function save(x: string): Promise<void>;\nexport async function run(text: string) {\n  const lines = text.split('\\n');\n  await Promise.all(lines.map((line) => save(line)));\n}\n`,
    },
    {
      name: 'keeps Array.from when the array declaration is in a block that does not hold the loop',
      code: `declare function save(x: string): Promise<void>;\ndeclare const items: Set<string>;\nexport async function run(flag: boolean) {\n  if (flag) {\n    const items: string[] = [];\n    void items;\n  }\n  for (const item of items) {\n    await save(item);\n  }\n}\n`,
      output: `declare function save(x: string): Promise<void>;\ndeclare const items: Set<string>;\nexport async function run(flag: boolean) {\n  if (flag) {\n    const items: string[] = [];\n    void items;\n  }\n  await Promise.all(Array.from(items, (item) => save(item)));\n}\n`,
    },
  ],
  declines: [
    {
      name: 'declines a loop body with other statements',
      code: `declare function save(x: string): Promise<void>;\nexport async function f(xs: string[]) {\n  for (const x of xs) {\n    await save(x);\n    console.log(x);\n  }\n}\n`,
      reason: 'other statements',
    },
    {
      name: 'declines when the argument uses something besides the loop variable',
      code: `declare function save(x: string, n: number): Promise<void>;\nexport async function f(xs: string[]) {\n  let n = 0;\n  for (const x of xs) {\n    await save(x, n++);\n  }\n}\n`,
      reason: 'UpdateExpression',
    },
    {
      name: 'declines when the awaited result is used',
      code: `declare function load(x: string): Promise<number>;\nexport async function f(xs: string[]) {\n  let total = 0;\n  for (const x of xs) {\n    total += await load(x);\n  }\n  return total;\n}\n`,
      reason: 'the awaited value is used',
    },
    {
      name: 'declines classic for loops',
      code: `declare function save(x: number): Promise<void>;\nexport async function f(n: number) {\n  for (let i = 0; i < n; i++) {\n    await save(i);\n  }\n}\n`,
      reason: 'only for...of',
    },
    {
      name: 'declines a loop with a break',
      code: `declare function save(x: string): Promise<void>;\nexport async function f(xs: string[]) {\n  for (const x of xs) {\n    await save(x);\n    break;\n  }\n}\n`,
      reason: 'other statements',
    },
    {
      name: 'declines a loop nested in another loop',
      code: `declare function save(x: string): Promise<void>;\nexport async function f(groups: string[][]) {\n  for (const g of groups) {\n    for (const x of g) {\n      await save(x);\n    }\n  }\n}\n`,
      reason: 'inside another loop',
    },
    {
      name: 'declines a var loop variable, which outlives the loop',
      code: `declare function save(x: string): Promise<void>;\nexport async function f(xs: string[]) {\n  for (var x of xs) {\n    await save(x);\n  }\n  return x;\n}\n`,
      reason: 'single `const`/`let` name',
    },
    {
      name: 'declines an await inside a try block of the loop body',
      code: `declare function save(x: string): Promise<void>;\nexport async function f(xs: string[]) {\n  for (const x of xs) {\n    try {\n      await save(x);\n    } catch {\n      return;\n    }\n  }\n}\n`,
      reason: 'not a statement directly in a loop body',
    },
    {
      name: 'declines a callee that calls something itself',
      code: `declare function client(): { save(x: string): Promise<void> };\nexport async function f(xs: string[]) {\n  for (const x of xs) {\n    await client().save(x);\n  }\n}\n`,
      reason: 'callee',
    },
    {
      name: 'declines a loop body holding a comment',
      code: `declare function save(x: string): Promise<void>;\nexport async function f(xs: string[]) {\n  for (const x of xs) {\n    // one at a time: the API allows one write per second\n    await save(x);\n  }\n}\n`,
      reason: 'comments',
    },
  ],
};

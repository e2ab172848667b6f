import rule from '../../../src/scanner/rules/quality/explicit-any.js';
import { testRule } from '../../helpers/rule-tester.js';

testRule(rule, {
  valid: [
    'function parse(input: unknown): string { return String(input); }',
    'const any = 1; const label = "any"; // any is fine in a comment',
    'function id<T>(value: T): T { return value; }',
    { code: 'function f(x) { return x; } const any = [];', filename: 'case.js', name: 'JavaScript has no any' },
    'type Json = string | number | boolean | null | Json[] | { [key: string]: Json };',
    '// eslint-disable-next-line @typescript-eslint/no-explicit-any\nexport function wrap(fn: any): void { fn(); }',
    'const x = y as any; // eslint-disable-line @typescript-eslint/no-explicit-any',
    '/* eslint-disable @typescript-eslint/no-explicit-any */\nexport const a: any = 1;\nlet b: any;',
    'try { run(); } catch (e: unknown) { if (e instanceof Error) log(e.message); }',
  ],
  invalid: [
    { code: 'export function handle(data: any): void {}', errors: [{ line: 1, messageId: 'explicitAny', column: 30, minConfidence: 0.8 }] },
    { code: 'const rows = result as any;\nconst map: Record<string, any> = {};', errors: [{ line: 1 }, { line: 2 }] },
    { code: 'function f(): Promise<any> { return Promise.resolve(1); }', errors: [{ line: 1 }] },
    {
      code: 'try {\n  run();\n} catch (e: any) {\n  log(e.message);\n}',
      errors: [{ line: 3, messageId: 'catchAny', maxConfidence: 0.45 }],
    },
    {
      code: 'function logAll(...args: any[]): void { console.log(...args); }',
      errors: [{ line: 1, messageId: 'restAny', minConfidence: 0.5, maxConfidence: 0.5 }],
    },
    { code: 'let items: any[] = [];', errors: [{ line: 1, messageId: 'explicitAny' }] },
    { code: 'const C = <T = any>(x: T) => x;', filename: 'case.ts', errors: [{ line: 1 }] },
    {
      code: 'const el = (props: any) => <div>{props.children}</div>;',
      filename: 'view.tsx',
      errors: [{ line: 1 }],
    },
    {
      code: '// eslint-disable-next-line no-console\nlet v: any;',
      name: 'a disable comment for another rule does not hide it',
      errors: [{ line: 2 }],
    },
  ],
});

import rule from '../../../src/scanner/rules/quality/missing-return-type.js';
import { testRule } from '../../helpers/rule-tester.js';

testRule(rule, {
  valid: [
    'export function add(a: number, b: number): number { return a + b; }',
    'function internal(a: number) { return a * 2; }\nconst helper = () => 1;',
    'export const isString = (v: unknown): v is string => typeof v === "string";',
    { code: 'export function add(a, b) { return a + b; }', filename: 'case.js', name: 'JavaScript is not checked' },
    { code: 'export function add(a, b) { return a + b; }', filename: 'case.mjs' },
    { code: 'export declare function f(a: string);', filename: 'types.d.ts' },
    'import type { Handler } from "./types";\nexport const handler: Handler = async (req) => { return { status: 200 }; };',
    'export function parse(x: string): number;\nexport function parse(x: number): number;\nexport function parse(x: any) { return Number(x); }',
    'export const logger = (prefix: string) => (msg: string): void => console.log(prefix, msg);',
    'export const config = () => ({ port: 8080, host: "localhost" }) as const;',
    {
      code: 'export function UserCard({ name }: { name: string }) { return <div>{name}</div>; }\nexport const Page = () => <main />;',
      filename: 'UserCard.tsx',
      name: 'React components in .tsx',
    },
    'export class Store {\n  private cache = new Map<string, number>();\n  constructor(private readonly url: string) {}\n  set size(v: number) {}\n  private load() { return 1; }\n  protected save() { return 2; }\n  #secret() { return 3; }\n  get(key: string): number | undefined { return this.cache.get(key); }\n}',
    'class Internal { run() { return 1; } }',
    'export class Api {\n  fetch(id: string): Promise<string>;\n  fetch(id: number): Promise<string>;\n  fetch(id: unknown) { return Promise.resolve(String(id)); }\n}',
  ],
  invalid: [
    { code: 'export function add(a: number, b: number) {\n  return a + b;\n}', errors: [{ line: 1, column: 17, message: "function 'add'" }] },
    { code: 'export const double = (n: number) => n * 2;', errors: [{ line: 1, column: 14, message: "arrow function 'double'" }] },
    { code: 'export const load = async function (id: string) { return fetch(id); };', errors: [{ line: 1 }] },
    { code: 'export default function () {\n  return 42;\n}', errors: [{ line: 1, message: 'default-exported function' }] },
    { code: 'export default (x: number) => x + 1;', filename: 'case.mts', errors: [{ line: 1 }] },
    { code: 'function compute(x: number) { return x; }\nexport { compute };', errors: [{ line: 1 }] },
    {
      code: 'export class Service {\n  find(id: string) { return id; }\n  get count() { return 1; }\n  handle = (e: Event) => e.type;\n  public async save() {}\n}',
      errors: [{ line: 2, message: "method 'find'" }, { line: 3, message: "getter 'count'" }, { line: 4 }, { line: 5 }],
    },
    {
      code: 'export function useThing() { return 1; }',
      filename: 'hooks.tsx',
      name: 'camelCase functions in .tsx are not components',
      errors: [{ line: 1 }],
    },
    { code: 'const x = 1;\nexport const f = function named() { return x; };', filename: 'case.cts', errors: [{ line: 2 }] },
  ],
});

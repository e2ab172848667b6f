// Before/after and decline cases of the floating-promise fixer.
import type { FixerTests } from '../../../helpers/fixer-tester.js';

export const floatingPromiseCases: FixerTests = {
  fixes: [
    {
      name: 'awaits a dropped call inside an async function',
      code: `async function save(x: number) {\n  await fetch('/save/' + x);\n}\nexport async function run() {\n  save(1);\n  return 2;\n}\n`,
      output: `async function save(x: number) {\n  await fetch('/save/' + x);\n}\nexport async function run() {\n  await save(1);\n  return 2;\n}\n`,
      safety: 'unsafe',
    },
    {
      name: 'offers a logging .catch() as the alternative inside an async function',
      code: `async function save(x: number) {\n  await fetch('/save/' + x);\n}\nexport async function run() {\n  save(1);\n  return 2;\n}\n`,
      output: `async function save(x: number) {\n  await fetch('/save/' + x);\n}\nexport async function run() {\n  save(1).catch((error) => { console.error(error); });\n  return 2;\n}\n`,
      safety: 'unsafe',
      options: { candidate: 1 },
    },
    {
      name: 'adds a logging .catch() outside async functions (CommonJS)',
      filename: 'ping.js',
      code: `function ping(url) {\n  fetch(url);\n}\nmodule.exports = ping;\n`,
      output: `function ping(url) {\n  fetch(url).catch((error) => { console.error(error); });\n}\nmodule.exports = ping;\n`,
      safety: 'unsafe',
    },
    {
      name: 'adds a .catch() to a .then() chain at module top level (ESM JavaScript)',
      filename: 'start.mjs',
      code: `async function start() {\n  await fetch('/start');\n}\nstart().then(() => console.log('started'));\n`,
      output: `async function start() {\n  await fetch('/start');\n}\nstart().then(() => console.log('started')).catch((error) => { console.error(error); });\n`,
      safety: 'unsafe',
    },
    {
      name: 'uses .catch() rather than await inside a loop of an async function',
      code: `export async function notify(urls: string[]) {\n  for (const url of urls) {\n    fetch(url);\n  }\n}\n`,
      output: `export async function notify(urls: string[]) {\n  for (const url of urls) {\n    fetch(url).catch((error) => { console.error(error); });\n  }\n}\n`,
      safety: 'unsafe',
    },
    {
      name: 'awaits an optional call chain in an async arrow function',
      code: `export const go = async (client?: { send(): Promise<void> }) => {\n  Promise.all([client?.send()]);\n};\n`,
      output: `export const go = async (client?: { send(): Promise<void> }) => {\n  await Promise.all([client?.send()]);\n};\n`,
    },
    {
      name: 'adds a .catch() to a dropped new Promise in a plain function',
      code: `export function later(run: () => void) {\n  new Promise<void>((resolve) => {\n    run();\n    resolve();\n  });\n}\n`,
      output: `export function later(run: () => void) {\n  new Promise<void>((resolve) => {\n    run();\n    resolve();\n  }).catch((error) => { console.error(error); });\n}\n`,
      safety: 'unsafe',
    },
  ],
  declines: [],
};

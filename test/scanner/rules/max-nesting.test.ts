import rule from '../../../src/scanner/rules/quality/max-nesting.js';
import { testRule } from '../../helpers/rule-tester.js';

testRule(rule, {
  valid: [
    'function f(a) {\n  if (a) {\n    for (const x of a) {\n      while (x) {\n        try { g(); } catch {}\n      }\n    }\n  }\n}',
    {
      name: 'else-if chains are one level',
      code: 'function f(a) {\n  if (a === 1) {}\n  else if (a === 2) {}\n  else if (a === 3) {}\n  else if (a === 4) {}\n  else if (a === 5) { if (b) {} }\n}',
      options: { max: 2 },
    },
    {
      name: 'a callback starts again at zero',
      code: 'function f(a) {\n  if (a) {\n    for (const x of a) {\n      items.forEach((i) => {\n        if (i) { if (x) {} }\n      });\n    }\n  }\n}',
      options: { max: 2 },
    },
    {
      name: 'module-level code is not checked',
      code: 'if (a) { if (b) { if (c) { if (d) { if (e) {} } } } }',
      options: { max: 1 },
    },
    {
      name: 'sibling blocks do not add up',
      code: 'function f(a) {\n  if (a) {}\n  if (b) {}\n  for (;;) { break; }\n  switch (a) { default: }\n}',
      options: { max: 1 },
    },
    { code: 'const f = (a) => { if (a) { if (b) {} } };', filename: 'case.js', options: { max: 2 } },
  ],
  invalid: [
    {
      code: 'function f(a) {\n  if (a) {\n    for (const x of a) {\n      while (x) {\n        try {\n          if (x.y) {\n            if (x.z) {}\n          }\n        } catch {}\n      }\n    }\n  }\n}',
      errors: [{ line: 6, column: 11, message: "nested 5 deep in the function 'f' (limit 4)" }],
    },
    {
      name: 'reported once per function',
      code: 'function f(a) {\n  if (a) {\n    if (b) {\n      if (c) {}\n      if (d) {}\n    }\n  }\n}',
      options: { max: 2 },
      errors: [{ line: 4, column: 7 }],
    },
    {
      name: 'switch, do-while and with count',
      code: 'function f(a) {\n  switch (a) {\n    case 1:\n      do {\n        for (const k in a) {}\n      } while (a);\n  }\n}',
      filename: 'case.js',
      options: { max: 2 },
      errors: [{ line: 5 }],
    },
    {
      name: 'nested function reported on its own',
      code: 'class A {\n  run(a) {\n    return list.map((x) => {\n      if (x) {\n        if (a) {}\n      }\n    });\n  }\n}',
      options: { max: 1 },
      errors: [{ line: 5, message: 'arrow function passed to list.map()' }],
    },
    {
      name: 'an if nested inside an else block is deeper',
      code: 'function f(a) {\n  if (a) {\n  } else {\n    if (b) {\n      if (c) {}\n    }\n  }\n}',
      options: { max: 2 },
      errors: [{ line: 5 }],
    },
  ],
});

import rule from '../../../src/scanner/rules/security/nosql-injection.js';
import { testRule } from '../../helpers/rule-tester.js';

const handler = (body: string, head = `const User = require('./models/user');`) =>
  `${head}\nasync function login(req, res) {\n${body}\n}`;

testRule(rule, {
  valid: [
    { name: 'values cast to strings', code: handler(`  return User.findOne({ name: String(req.body.name), pass: \`\${req.body.pass}\` });`), filename: 'case.js' },
    { name: 'a number from the query string', code: handler(`  const page = Number(req.query.page);\n  return User.find({ page });`), filename: 'case.js' },
    { name: 'a body validated with a zod schema', code: `import { z } from 'zod';\nimport { User } from './models';\nconst Login = z.object({ name: z.string() });\nexport async function h(req: any) {\n  const input = Login.parse(req.body);\n  return User.findOne({ name: input.name });\n}` },
    { name: 'a joi validation result', code: handler(`  const { value } = schema.validate(req.body);\n  return User.find({ name: value.name });`, `const User = require('./user');\nconst schema = require('./schema');`), filename: 'case.js' },
    { name: 'route params are always strings', code: handler(`  return User.findById(req.params.id) && User.findOne({ _id: req.params.id });`), filename: 'case.js' },
    { name: 'express-mongo-sanitize in the file', code: handler(`  return User.find({ name: req.body.name });`, `const mongoSanitize = require('express-mongo-sanitize');\nconst User = require('./user');`), filename: 'case.js' },
    { name: 'Array.prototype.find with a callback', code: handler(`  return req.body.items.find((i) => i.id === 1);`, `const list = [];`), filename: 'case.js' },
    { name: 'constant filters', code: `import { MongoClient } from 'mongodb';\nexport async function h(db: any) {\n  return db.collection('users').find({ active: true, role: { $in: ['a', 'b'] } });\n}` },
    { name: 'a plain object method named find outside a mongo file', code: handler(`  return cache.find({ key: req.body.key });`, `const cache = new Map();`), filename: 'case.js' },
  ],
  invalid: [
    {
      name: 'login with body values compared directly',
      code: handler(`  const user = await User.findOne({ name: req.body.name, password: req.body.password });\n  res.json(user);`),
      filename: 'case.js',
      errors: [
        { line: 3, messageId: 'valueFromInput', severity: 'high', message: 'req.body.name', minConfidence: 0.8 },
        { line: 3, messageId: 'valueFromInput', message: 'req.body.password' },
      ],
    },
    {
      name: 'whole query string as the filter',
      code: `import { MongoClient } from 'mongodb';\nexport async function h(req: any, db: any) {\n  return db.collection('users').find(req.query).toArray();\n}`,
      errors: [{ line: 3, messageId: 'filterFromInput', minConfidence: 0.9, message: 'req.query' }],
    },
    {
      name: 'destructured body value through a shorthand property',
      code: handler(`  const { email } = req.body;\n  return User.findOne({ email });`),
      filename: 'case.js',
      errors: [{ line: 4, messageId: 'valueFromInput', message: 'req.body.email (line 3)' }],
    },
    {
      name: 'values nested in $or',
      code: handler(`  return User.find({ $or: [{ name: req.query.q }, { email: req.query.q }] });`),
      filename: 'case.js',
      errors: [{ line: 3 }, { line: 3 }],
    },
    {
      name: '$where built from the request',
      code: handler(`  return User.find({ $where: 'this.name == "' + req.body.name + '"' });`),
      filename: 'case.js',
      errors: [{ line: 3, messageId: 'whereFromInput', severity: 'high' }],
    },
    {
      name: 'a constant $where is still medium',
      code: `const mongoose = require('mongoose');\nconst Post = mongoose.model('Post');\nPost.find({ $where: 'this.likes > this.views' });`,
      filename: 'case.js',
      errors: [{ line: 3, messageId: 'where', severity: 'medium' }],
    },
    {
      name: 'ctx.request.body in koa through a helper',
      code: `import mongoose from 'mongoose';\nconst Users = mongoose.model('User');\nfunction filterOf(ctx: any) {\n  return ctx.request.body;\n}\nexport async function h(ctx: any) {\n  ctx.body = await Users.deleteMany(filterOf(ctx));\n}`,
      errors: [{ line: 7, messageId: 'filterFromInput' }],
    },
  ],
});

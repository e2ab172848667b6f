import rule from '../../../src/scanner/rules/security/sql-injection.js';
import { testRule } from '../../helpers/rule-tester.js';

testRule(rule, {
  valid: [
    { name: 'numbered placeholders with a values array', code: `import { Pool } from 'pg';\nconst pool = new Pool();\nexport function f(req: any) { return pool.query('SELECT * FROM users WHERE id = $1', [req.params.id]); }` },
    { name: 'question-mark placeholders', code: `import mysql from 'mysql2/promise';\nexport async function f(conn: mysql.Connection, name: string) { return conn.execute('SELECT * FROM t WHERE name = ?', [name]); }` },
    { name: 'tagged template (postgres.js / slonik / Prisma)', code: `export async function f(sql: any, prisma: any, req: any) {\n  await sql\`SELECT * FROM users WHERE id = \${req.params.id}\`;\n  await prisma.$queryRaw\`SELECT * FROM users WHERE email = \${req.body.email}\`;\n}` },
    { name: 'template of constants only', code: `const TABLE = 'users';\nexport function f(db: any) { return db.query(\`SELECT * FROM \${TABLE} WHERE active = true\`); }` },
    { name: 'placeholders generated from the ids', code: `export function f(db: any, ids: string[]) {\n  const marks = ids.map(() => '?').join(', ');\n  return db.query(\`SELECT * FROM t WHERE id IN (\${ids.map((_, i) => \`$\${i + 1}\`).join(',')})\`, ids);\n}` },
    { name: 'escaped values', code: `import mysql from 'mysql';\nexport function f(conn: any, req: any) { return conn.query('SELECT * FROM t WHERE name = ' + mysql.escape(req.query.name) + ' ORDER BY ' + conn.escapeId(req.query.col)); }` },
    { name: 'number-typed parameter', code: `export function f(db: any, limit: number) { return db.query(\`SELECT * FROM t ORDER BY id LIMIT \${limit}\`); }` },
    { name: 'text that is not SQL', code: `export function f(api: any, term: string) { return api.query(\`search for \${term} in the catalogue\`); }` },
    { name: 'generic get with a URL', code: `import axios from 'axios';\nexport function f(id: string) { return axios.get(\`/api/select/\${id}?from=now\`); }` },
    { name: 'parseInt of request data', code: `export function f(db: any, req: any) { return db.query('SELECT * FROM t LIMIT ' + parseInt(req.query.n, 10)); }` },
    { name: 'knex builder methods', code: `export function f(knex: any, req: any) { return knex('users').where({ id: req.params.id }).select('*'); }` },
  ],
  invalid: [
    {
      name: 'template with request data',
      code: `const express = require('express');\nconst { Pool } = require('pg');\nconst pool = new Pool();\nconst app = express();\napp.get('/u', async (req, res) => {\n  const r = await pool.query(\`SELECT * FROM users WHERE name = '\${req.query.name}'\`);\n});`,
      filename: 'case.js',
      errors: [{ line: 6, severity: 'high', minConfidence: 0.9, message: 'req.query' }],
    },
    {
      name: 'concatenation with a parameter',
      code: `export function byEmail(db: any, email: string) {\n  return db.query("SELECT id FROM users WHERE email = '" + email + "'");\n}`,
      errors: [{ line: 2, minConfidence: 0.6 }],
    },
    {
      name: 'query text built in a variable first',
      code: `export function remove(conn: any, req: any) {\n  const sql = \`DELETE FROM sessions WHERE token = '\${req.body.token}'\`;\n  return conn.execute(sql);\n}`,
      errors: [{ line: 3, minConfidence: 0.9 }],
    },
    {
      name: 'Prisma unsafe raw and knex.raw',
      code: `import { PrismaClient } from '@prisma/client';\nimport knex from 'knex';\nconst prisma = new PrismaClient();\nconst db = knex({});\nexport function f(req: any) {\n  prisma.$queryRawUnsafe(\`SELECT * FROM "User" WHERE id = \${req.params.id}\`);\n  prisma.$executeRawUnsafe('UPDATE "User" SET name = \\'' + req.body.name + '\\' WHERE id = 1');\n  db.raw(\`select * from users where name = '\${req.query.n}'\`);\n}`,
      errors: [{ line: 6 }, { line: 7 }, { line: 8 }],
    },
    {
      name: 'sequelize.query and postgres.js unsafe',
      code: `import { Sequelize } from 'sequelize';\nconst sequelize = new Sequelize('sqlite::memory:');\nexport function f(sql: any, col: string) {\n  sequelize.query(\`SELECT * FROM projects ORDER BY \${col}\`);\n  sql.unsafe('select * from t where c = ' + col);\n}`,
      errors: [{ line: 4 }, { line: 5 }],
    },
    {
      name: 'sqlite prepare with concatenation',
      code: `import Database from 'better-sqlite3';\nconst db = new Database('app.db');\nexport function f(name: string) {\n  return db.prepare("SELECT * FROM items WHERE name = '" + name + "'").all();\n}`,
      errors: [{ line: 4 }],
    },
    {
      name: 'untraceable value: medium and low confidence',
      code: `import { currentTable } from './state';\nexport function f(db: any) {\n  return db.query(\`SELECT * FROM \${currentTable} WHERE x = 1\`);\n}`,
      errors: [{ line: 3, severity: 'medium', maxConfidence: 0.4 }],
    },
  ],
});

import { describe, expect, it } from 'vitest';
import { parseDiffTreeZ, parseStatusPorcelainZ } from '../../src/implementer/git.js';

describe('parseStatusPorcelainZ', () => {
  it('reads codes and paths, including spaces and the source of a rename', () => {
    const out = ' M src/a file.ts\0R  new.ts\0old.ts\0?? notes/todo.md\0D  gone.txt\0';
    expect(parseStatusPorcelainZ(out)).toEqual([
      { code: ' M', path: 'src/a file.ts' },
      { code: 'R ', path: 'new.ts', from: 'old.ts' },
      { code: '??', path: 'notes/todo.md' },
      { code: 'D ', path: 'gone.txt' },
    ]);
  });

  it('returns nothing for a clean tree', () => {
    expect(parseStatusPorcelainZ('')).toEqual([]);
  });
});

describe('parseDiffTreeZ', () => {
  it('reads status, modes and paths of each change', () => {
    const a = '1'.repeat(40);
    const z = '0'.repeat(40);
    const out = `:100644 100755 ${a} ${a} M\0run.sh\0:000000 120000 ${z} ${a} A\0link\0:100644 000000 ${a} ${z} D\0dir/gone.ts\0`;
    expect(parseDiffTreeZ(out)).toEqual([
      { status: 'M', oldMode: '100644', newMode: '100755', path: 'run.sh' },
      { status: 'A', oldMode: '000000', newMode: '120000', path: 'link' },
      { status: 'D', oldMode: '100644', newMode: '000000', path: 'dir/gone.ts' },
    ]);
  });
});

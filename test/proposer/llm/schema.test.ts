// The answer schema: every field required (strict structured outputs), optional ones nullable.
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { LlmAnswer } from '../../../src/proposer/llm/schema.js';
import { answer } from './fixture.js';

describe('LlmAnswer', () => {
  it('accepts a full answer with a null test code', () => {
    expect(LlmAnswer.safeParse(JSON.parse(answer('a', 'b'))).success).toBe(true);
  });

  it('rejects an answer without old_code', () => {
    const { old_code: _dropped, ...rest } = JSON.parse(answer('a', 'b')) as Record<string, unknown>;
    expect(LlmAnswer.safeParse(rest).success).toBe(false);
  });

  it('lists every property as required in its JSON schema, as strict structured outputs need', () => {
    const schema = z.toJSONSchema(LlmAnswer) as { properties: Record<string, unknown>; required: string[] };
    expect([...schema.required].sort()).toEqual(Object.keys(schema.properties).sort());
  });
});

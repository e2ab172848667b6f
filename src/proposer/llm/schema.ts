// The structured answer asked of the model (a zod schema the SDK sends as JSON Schema and checks
// the reply against). Every field is required, optional ones are nullable: OpenAI's strict
// structured outputs refuse optional properties, and a fixed shape is easier for small models.
import { z } from 'zod';

export const LlmTestCase = z.object({
  name: z.string().describe('A test name that reads as a sentence'),
  description: z.string(),
  code: z.string().nullable().describe('Test code, or null'),
});

export const LlmAlternative = z.object({
  title: z.string(),
  description: z.string(),
  old_code: z.string().describe('Exact text copied from the file; must occur exactly once in it'),
  new_code: z.string().describe('The replacement for old_code'),
  tradeoffs: z.array(z.string()),
});

export const LlmAnswer = z.object({
  title: z.string().describe('Short imperative title of the change'),
  description: z.string(),
  old_code: z
    .string()
    .describe('Exact text copied from the file, whitespace included; must occur exactly once in the file'),
  new_code: z.string().describe('The replacement for old_code'),
  rationale: z.string(),
  benefits: z.array(z.string()),
  risks: z.array(z.string()),
  test_strategy: z.string(),
  test_cases: z.array(LlmTestCase),
  /** The model's own opinion; ignored: every LLM proposal is `unsafe` (a person decides). */
  safety: z.enum(['safe', 'unsafe']),
  alternatives: z.array(LlmAlternative).describe('Other approaches, as many as asked for (may be empty)'),
});
export type LlmAnswer = z.infer<typeof LlmAnswer>;

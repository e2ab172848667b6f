// A real HTTP server on 127.0.0.1 (random port) that speaks the two LLM wire protocols the SDK
// providers use: OpenAI chat completions (POST /v1/chat/completions: xai, openai via .chat,
// openai-compatible) and Anthropic messages (POST /v1/messages). Each test scripts a queue of
// replies and reads back every request received, raw body included.
import http from 'node:http';
import type { AddressInfo } from 'node:net';

export type ScriptedReply =
  /** A model answer whose text is `content` (JSON for a good answer, anything for a malformed one). */
  | { kind: 'answer'; content: string; inputTokens?: number; outputTokens?: number; delayMs?: number }
  /** An HTTP error with a provider-shaped error body. */
  | { kind: 'error'; status: number; message: string; headers?: Record<string, string> };

export interface ReceivedRequest {
  path: string;
  headers: http.IncomingHttpHeaders;
  /** The body as sent on the wire. */
  raw: string;
  body: Record<string, unknown>;
}

export interface LlmServer {
  /** `http://127.0.0.1:<port>/v1`: the base URL for every provider. */
  baseUrl: string;
  requests: ReceivedRequest[];
  reply(...replies: ScriptedReply[]): void;
  close(): Promise<void>;
}

export async function startLlmServer(): Promise<LlmServer> {
  const queue: ScriptedReply[] = [];
  const requests: ReceivedRequest[] = [];
  const timers = new Set<NodeJS.Timeout>();
  const server = http.createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      const raw = Buffer.concat(chunks).toString('utf8');
      const path = request.url ?? '';
      let body: Record<string, unknown> = {};
      try {
        body = JSON.parse(raw) as Record<string, unknown>;
      } catch {
        // recorded raw; the reply below says what was wrong
      }
      requests.push({ path, headers: request.headers, raw, body });
      const protocol = path.endsWith('/chat/completions') ? 'openai' : path.endsWith('/messages') ? 'anthropic' : undefined;
      const next = queue.shift();
      if (protocol === undefined || next === undefined) {
        send(response, 500, { error: { message: protocol === undefined ? `no route ${path}` : 'no scripted reply left' } });
        return;
      }
      if (next.kind === 'error') {
        const errorBody =
          protocol === 'anthropic'
            ? { type: 'error', error: { type: 'api_error', message: next.message } }
            : { error: { message: next.message, type: 'invalid_request_error', code: String(next.status) } };
        send(response, next.status, errorBody, next.headers);
        return;
      }
      const payload = protocol === 'anthropic' ? anthropicReply(next, body) : openaiReply(next, body);
      if (next.delayMs === undefined) {
        send(response, 200, payload);
      } else {
        const timer = setTimeout(() => {
          timers.delete(timer);
          if (!response.destroyed) send(response, 200, payload);
        }, next.delayMs);
        timers.add(timer);
      }
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    baseUrl: `http://127.0.0.1:${port}/v1`,
    requests,
    reply: (...replies) => queue.push(...replies),
    close: () =>
      new Promise<void>((resolve) => {
        for (const timer of timers) clearTimeout(timer);
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

function send(response: http.ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  response.writeHead(status, { 'content-type': 'application/json', ...headers });
  response.end(JSON.stringify(body));
}

function openaiReply(reply: Extract<ScriptedReply, { kind: 'answer' }>, body: Record<string, unknown>): unknown {
  const input = reply.inputTokens ?? 100;
  const output = reply.outputTokens ?? 50;
  return {
    id: 'chatcmpl-test',
    object: 'chat.completion',
    created: Math.floor(Date.now() / 1000),
    model: body['model'],
    choices: [{ index: 0, message: { role: 'assistant', content: reply.content }, finish_reason: 'stop' }],
    usage: { prompt_tokens: input, completion_tokens: output, total_tokens: input + output },
  };
}

/**
 * Anthropic structured output comes two ways: with native structured outputs (`output_config.format`)
 * the answer is a text block; with the JSON-tool fallback the request offers a tool named `json` and
 * the answer is that tool's input. Reply in the shape the request asked for.
 */
function anthropicReply(reply: Extract<ScriptedReply, { kind: 'answer' }>, body: Record<string, unknown>): unknown {
  const tools = Array.isArray(body['tools']) ? (body['tools'] as { name?: string }[]) : [];
  const usesJsonTool = tools.some((tool) => tool.name === 'json');
  let content: unknown[] = [{ type: 'text', text: reply.content }];
  if (usesJsonTool) {
    try {
      content = [{ type: 'tool_use', id: 'toolu_test', name: 'json', input: JSON.parse(reply.content) as unknown }];
    } catch {
      // malformed on purpose: leave it as text, which the SDK cannot use as the tool's input
    }
  }
  return {
    id: 'msg_test',
    type: 'message',
    role: 'assistant',
    model: body['model'],
    content,
    stop_reason: usesJsonTool ? 'tool_use' : 'end_turn',
    stop_sequence: null,
    usage: { input_tokens: reply.inputTokens ?? 100, output_tokens: reply.outputTokens ?? 50 },
  };
}

// Compose's variable interpolation, as the Compose Specification defines it, for the ship
// tests: ${VAR}, $VAR, ${VAR:-d}, ${VAR-d}, ${VAR:?e}, ${VAR?e}, ${VAR:+r}, ${VAR+r}, $$,
// nested operands; applied to every string value of the parsed file (never to keys).

export class MissingVariableError extends Error {}

export function interpolateString(text: string, env: Record<string, string | undefined>): string {
  let out = '';
  let i = 0;
  while (i < text.length) {
    const ch = text[i];
    if (ch !== '$') {
      out += ch;
      i++;
      continue;
    }
    const next = text[i + 1];
    if (next === '$') {
      out += '$';
      i += 2;
      continue;
    }
    if (next === '{') {
      const end = matchingBrace(text, i + 1);
      out += expand(text.slice(i + 2, end), env);
      i = end + 1;
      continue;
    }
    const m = /^[A-Za-z_][A-Za-z0-9_]*/.exec(text.slice(i + 1));
    if (m) {
      out += env[m[0]] ?? '';
      i += 1 + m[0].length;
      continue;
    }
    out += ch;
    i++;
  }
  return out;
}

function matchingBrace(text: string, open: number): number {
  let depth = 0;
  for (let j = open; j < text.length; j++) {
    if (text[j] === '{') depth++;
    else if (text[j] === '}' && --depth === 0) return j;
  }
  throw new Error(`unclosed \${ in "${text}"`);
}

function expand(body: string, env: Record<string, string | undefined>): string {
  const m = /^([A-Za-z_][A-Za-z0-9_]*)(?:(:?[-?+])([\s\S]*))?$/.exec(body);
  if (!m) throw new Error(`invalid interpolation \${${body}}`);
  const [, name, op, operand = ''] = m;
  const value = env[name as string];
  const set = value !== undefined;
  const nonEmpty = set && value !== '';
  switch (op) {
    case undefined:
      return value ?? '';
    case ':-':
      return nonEmpty ? (value as string) : interpolateString(operand, env);
    case '-':
      return set ? (value as string) : interpolateString(operand, env);
    case ':?':
      if (!nonEmpty) throw new MissingVariableError(`${name}: ${interpolateString(operand, env)}`);
      return value as string;
    case '?':
      if (!set) throw new MissingVariableError(`${name}: ${interpolateString(operand, env)}`);
      return value as string;
    case ':+':
      return nonEmpty ? interpolateString(operand, env) : '';
    case '+':
      return set ? interpolateString(operand, env) : '';
    default:
      throw new Error(`unknown operator ${op}`);
  }
}

export function interpolate<T>(value: T, env: Record<string, string | undefined>): T {
  if (typeof value === 'string') return interpolateString(value, env) as T;
  if (Array.isArray(value)) return value.map((v: unknown) => interpolate(v, env)) as T;
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, interpolate(v, env)])) as T;
  }
  return value;
}

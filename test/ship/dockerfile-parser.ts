// A small Dockerfile reader for the ship tests (no engine runs here): joins continuation
// lines, drops comments, splits into stages, and resolves ARG defaults in FROM lines.

export interface Instruction {
  keyword: string;
  args: string;
  line: number;
}

export interface Stage {
  name: string | null;
  from: string;
  instructions: Instruction[];
}

export function parseDockerfile(text: string): { args: Record<string, string>; stages: Stage[] } {
  const instructions: Instruction[] = [];
  const lines = text.split(/\r?\n/);
  let current = '';
  let startLine = 0;
  lines.forEach((raw, index) => {
    const trimmed = raw.trim();
    if (current === '' && (trimmed === '' || trimmed.startsWith('#'))) return;
    if (current !== '' && trimmed.startsWith('#')) return; // comments inside continuations
    if (current === '') startLine = index + 1;
    if (trimmed.endsWith('\\')) {
      current += trimmed.slice(0, -1) + ' ';
      return;
    }
    current += trimmed;
    const m = /^(\w+)\s+([\s\S]*)$/.exec(current);
    if (m)
      instructions.push({
        keyword: (m[1] as string).toUpperCase(),
        args: m[2] as string,
        line: startLine,
      });
    current = '';
  });

  const args: Record<string, string> = {};
  const stages: Stage[] = [];
  for (const ins of instructions) {
    if (ins.keyword === 'ARG' && stages.length === 0) {
      const [name, value] = ins.args.split('=', 2);
      args[(name as string).trim()] = (value ?? '').trim();
      continue;
    }
    if (ins.keyword === 'FROM') {
      const m = /^(\S+)(?:\s+AS\s+(\S+))?$/i.exec(ins.args.trim());
      const image = (m?.[1] ?? '').replace(
        /\$\{(\w+)\}|\$(\w+)/g,
        (_s, a?: string, b?: string) => args[(a ?? b) as string] ?? '',
      );
      stages.push({ name: m?.[2] ?? null, from: image, instructions: [] });
      continue;
    }
    stages.at(-1)?.instructions.push(ins);
  }
  return { args, stages };
}

/** ENV in both forms: `ENV A=1 B="2"` and the legacy `ENV A 1`. */
export function envOf(stage: Stage): Record<string, string> {
  const env: Record<string, string> = {};
  for (const ins of stage.instructions.filter((i) => i.keyword === 'ENV')) {
    if (!ins.args.includes('=')) {
      const [name, ...rest] = ins.args.split(/\s+/);
      env[name as string] = rest.join(' ');
      continue;
    }
    for (const m of ins.args.matchAll(/(\w+)=("([^"]*)"|\S+)/g)) {
      env[m[1] as string] = m[3] ?? (m[2] as string);
    }
  }
  return env;
}

/** A JSON-array (exec form) argument, or null for the shell form. */
export function execForm(args: string): string[] | null {
  try {
    const parsed: unknown = JSON.parse(args);
    return Array.isArray(parsed) && parsed.every((x) => typeof x === 'string') ? parsed : null;
  } catch {
    return null;
  }
}

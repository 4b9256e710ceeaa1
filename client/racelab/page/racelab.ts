// The Race Lab page (the webview's one script).  A plain script, no imports:
// tsc emits it as it is and the page loads it by nonce.  It builds the
// controls, posts run/cancel/reveal to the extension, and redraws counts,
// charts and tables (plain SVG) as the helper's events stream in.

declare function acquireVsCodeApi(): { postMessage(m: unknown): void; getState(): unknown; setState(s: unknown): void };

(() => {
  type Scenario = 'kill-before-exec' | 'spawn-cost' | 'malloc-after-fork' | 'exec-failure' | 'snippet';
  type Conditions = Exclude<Scenario, 'snippet'>;
  interface TimelineEntry { t_us: number; kind: string; pid?: number; line?: number; detail?: string }
  interface LabEvent { event: string; [k: string]: unknown }
  interface Diagnostic { file: string; line: number; column: number; severity: string; message: string; user: boolean }
  interface Target { file: string; uri: string; line: number; function: string; language: string }
  type Msg =
    | { type: 'event'; run: string; strategy: string; memMib?: number; outcome?: string; file?: string; line?: number; event: LabEvent }
    | { type: 'done'; run: string; cancelled: boolean; elapsedMs: number; killed: number; timedOut: boolean; output?: string }
    | { type: 'error'; run?: string; message: string }
    | { type: 'compile-error'; run: string; diagnostics: Diagnostic[]; output: string }
    | { type: 'compiled'; run: string; function: string; line: number; diagnostics: Diagnostic[] }
    | { type: 'trust'; trusted: boolean }
    | { type: 'target'; target: Target | undefined }
    | { type: 'busy'; busy: boolean; run?: string };

  const vscode = acquireVsCodeApi();
  const STRATEGIES = ['fork', 'vfork', 'posix_spawn', 'safespawn', 'safespawn-async'];
  const SCENARIOS: [Scenario, string, string][] = [
    ['kill-before-exec', 'Kill before exec', 'The parent catches SIGTERM, spawns, and kills the child at once.'],
    ['spawn-cost', 'Spawn cost vs parent memory', 'Latency of spawn + wait as the parent touches more memory.'],
    ['malloc-after-fork', 'malloc after fork, threaded', 'Threads hammer the allocator (and the call below) while the child calls it before exec.'],
    ['exec-failure', 'Exec failure', 'What the parent learns when the exec (or a step before it) fails.'],
    ['snippet', 'This snippet', 'Your function, compiled into a harness, run under one of the conditions above.'],
  ];
  /** the outcome categories of each scenario, in the order drawn */
  const OUTCOMES: Record<Conditions, string[]> = {
    'kill-before-exec': ['terminated', 'handler-in-child', 'timeout', 'other', 'error', 'parent-exit'],
    'malloc-after-fork': ['ok', 'hang', 'other', 'error', 'parent-exit'],
    'exec-failure': ['errno+step', 'errno', 'exit-status', 'nothing', 'other', 'error', 'parent-exit'],
    'spawn-cost': ['ok', 'hang', 'other', 'error', 'parent-exit'],
  };
  const OUTCOME_LABEL: Record<string, string> = {
    terminated: 'terminated',
    'handler-in-child': 'handler ran in the child (signal lost)',
    timeout: 'lost: outlived the timeout',
    ok: 'exec\'ed and exited',
    hang: 'hung (killed at the timeout)',
    'errno+step': 'errno and the failing step',
    errno: 'errno',
    'exit-status': 'only an exit status (127)',
    nothing: 'nothing (the function did not wait)',
    other: 'other',
    error: 'spawn failed',
    'parent-exit': 'exit() in the parent',
  };

  interface Params {
    iterations: number;
    memMib: string;
    threads: number;
    call: string;
    killer: string;
    killDelayUs: number;
    timeoutMs: number;
    conditions: Conditions;
  }
  interface Saved { scenario: Scenario; strategies: string[]; params: Params }
  const saved = (vscode.getState() as Saved | undefined) ?? undefined;
  const ui: Saved = saved ?? {
    scenario: 'kill-before-exec',
    strategies: [...STRATEGIES],
    params: { iterations: 200, memMib: '0, 256, 1024', threads: 4, call: 'setenv', killer: 'parent', killDelayUs: 0, timeoutMs: 500, conditions: 'kill-before-exec' },
  };

  interface Row { i: number; strategy: string; outcome: string; line?: number; file?: string; event: LabEvent }
  interface Results {
    run?: string;
    scenario: Scenario;
    conditions: Conditions;
    strategies: string[];
    counts: Map<string, Map<string, number>>;
    latency: Map<string, { strategy: string; mem: number; us: number[]; blocked: number[] }>;
    execCases: Map<string, Map<string, LabEvent>>;
    rows: Row[];
    starts: LabEvent[];
    summaries: { strategy: string; memMib?: number; event: LabEvent }[];
    total: number;
    done?: Extract<Msg, { type: 'done' }>;
    errors: string[];
    compile?: { diagnostics: Diagnostic[]; output: string };
    compiled?: Extract<Msg, { type: 'compiled' }>;
    selected?: number;
  }
  const state = {
    trusted: true,
    busy: false,
    run: undefined as string | undefined,
    target: undefined as Target | undefined,
    results: undefined as Results | undefined,
    pending: undefined as Results | undefined,
    notices: [] as string[],
  };

  // ------------------------------------------------------------ DOM helpers
  type Attrs = Record<string, string | number | boolean | undefined | ((e: Event) => void)>;
  function h(tag: string, attrs: Attrs = {}, ...kids: (Node | string | undefined | false)[]): HTMLElement {
    const el = document.createElement(tag);
    setAttrs(el, attrs);
    for (const k of kids) if (k !== undefined && k !== false) el.append(k);
    return el;
  }
  const SVGNS = 'http://www.w3.org/2000/svg';
  function s(tag: string, attrs: Attrs = {}, ...kids: (Node | string | undefined)[]): SVGElement {
    const el = document.createElementNS(SVGNS, tag);
    setAttrs(el, attrs);
    for (const k of kids) if (k !== undefined) el.append(k);
    return el;
  }
  function setAttrs(el: Element, attrs: Attrs): void {
    for (const [k, v] of Object.entries(attrs)) {
      if (v === undefined || v === false) continue;
      if (typeof v === 'function') el.addEventListener(k.replace(/^on/, ''), v);
      else el.setAttribute(k, v === true ? '' : String(v));
    }
  }
  const fmtUs = (us: number) => (us === 0 ? "0" : us >= 1000 ? `${(us / 1000).toFixed(us >= 100000 ? 0 : 2)} ms` : `${us.toFixed(us >= 100 ? 0 : 1)} µs`);
  const slug = (x: string) => x.replace(/[^a-z0-9]+/gi, '-');
  function lineLink(file: string | undefined, line: number | undefined, label?: string): HTMLElement | string {
    if (!file || !line) return label ?? '';
    const base = file.split(/[\\/]/).pop();
    return h('button', {
      class: 'link',
      type: 'button',
      'data-file': file,
      'data-line': line,
      title: `Go to ${file}:${line}`,
      onclick: () => vscode.postMessage({ type: 'reveal', file, line }),
    }, label ?? `${base}:${line}`);
  }
  /** nearest-rank percentile of a sorted array (as the lab runner computes it) */
  function pct(sorted: number[], p: number): number {
    if (!sorted.length) return 0;
    const k = Math.ceil((p / 100) * sorted.length - 1e-6) - 1;
    return sorted[Math.min(sorted.length - 1, Math.max(0, k))];
  }

  // ---------------------------------------------------------------- controls
  const app = document.getElementById('app')!;
  app.textContent = '';
  app.removeAttribute('aria-busy');

  const trustBanner = h('div', { class: 'banner', role: 'alert', hidden: true });
  const targetBox = h('div', { class: 'target' });
  const scenarioSet = h('fieldset', { class: 'scenarios' }, h('legend', {}, 'Scenario'));
  for (const [id, label, help] of SCENARIOS) {
    const input = h('input', { type: 'radio', name: 'scenario', value: id, id: `sc-${id}`, onchange: () => { ui.scenario = id; syncControls(); } }) as HTMLInputElement;
    input.checked = ui.scenario === id;
    scenarioSet.append(h('label', { for: `sc-${id}`, title: help }, input, ' ', label));
  }
  const strategySet = h('fieldset', { class: 'strategies' }, h('legend', {}, 'Strategies'));
  for (const st of STRATEGIES) {
    const input = h('input', { type: 'checkbox', value: st, id: `st-${st}`, onchange: () => {
      ui.strategies = STRATEGIES.filter((x) => (document.getElementById(`st-${x}`) as HTMLInputElement).checked);
      syncControls();
    } }) as HTMLInputElement;
    input.checked = ui.strategies.includes(st);
    strategySet.append(h('label', { for: `st-${st}`, class: `strategy s-${slug(st)}` }, input, ' ', st));
  }
  function field(key: keyof Params, label: string, input: HTMLElement, forScenarios: string, help?: string): HTMLElement {
    input.id = `p-${key}`;
    (input as HTMLInputElement).value = String(ui.params[key]);
    input.addEventListener('change', () => {
      const v = (input as HTMLInputElement).value;
      (ui.params as unknown as Record<string, unknown>)[key] = input instanceof HTMLInputElement && input.type === 'number' ? Number(v) : v;
      syncControls();
    });
    return h('div', { class: 'field', 'data-for': forScenarios }, h('label', { for: `p-${key}` }, label), input, help ? h('span', { class: 'help' }, help) : undefined);
  }
  const select = (opts: [string, string][]) => h('select', {}, ...opts.map(([v, l]) => h('option', { value: v }, l)));
  const num = (min: number, max: number, step = 1) => h('input', { type: 'number', min, max, step });
  const paramsBox = h('fieldset', { class: 'params' }, h('legend', {}, 'Parameters'),
    field('conditions', 'Conditions', select(SCENARIOS.filter(([id]) => id !== 'snippet').map(([id, l]) => [id, l])), 'snippet'),
    field('iterations', 'Iterations', num(1, 100000), 'all'),
    field('memMib', 'Parent memory (MiB)', h('input', { type: 'text', inputmode: 'numeric', pattern: '[0-9, ]*' }), 'spawn-cost snippet:spawn-cost', 'a list: one run per size'),
    field('threads', 'Threads', num(0, 64), 'malloc-after-fork snippet:malloc-after-fork'),
    field('call', 'Child calls', select([['setenv', 'setenv (env lock)'], ['malloc', 'malloc'], ['stdio', 'stdio (FILE lock)']]), 'malloc-after-fork snippet:malloc-after-fork',
      'glibc makes malloc and stdio safe in its own fork; setenv is not'),
    field('killer', 'Killer', select([['parent', 'the parent, right after the spawn'], ['group', 'another thread, at the whole group']]), 'kill-before-exec snippet:kill-before-exec'),
    field('killDelayUs', 'Kill delay (µs)', num(0, 1000000), 'kill-before-exec snippet:kill-before-exec', 'between the spawn returning and the kill'),
    field('timeoutMs', 'Timeout (ms)', num(10, 10000), 'kill-before-exec malloc-after-fork snippet', 'a child alive this long after the kill is lost; a child not done is hung'),
  );
  const runButton = h('button', { type: 'button', class: 'primary', id: 'run', onclick: () => startRun() }, 'Run') as HTMLButtonElement;
  const cancelButton = h('button', { type: 'button', id: 'cancel', disabled: true, onclick: () => vscode.postMessage({ type: 'cancel' }) }, 'Cancel') as HTMLButtonElement;
  const status = h('p', { class: 'status', role: 'status', 'aria-live': 'polite', id: 'status' }, 'Choose a scenario and press Run.');
  const results = h('section', { class: 'results', id: 'results', 'aria-label': 'Results' });
  app.append(
    h('header', {}, h('h1', {}, 'Race Lab'), h('p', { class: 'sub' }, 'What spawn code does under load — the hand-written ways next to safespawn.')),
    trustBanner,
    h('div', { class: 'controls' }, scenarioSet, strategySet, paramsBox),
    targetBox,
    h('div', { class: 'actions' }, runButton, cancelButton, status),
    results,
  );

  function conditionsOf(sc: Scenario): Conditions {
    return sc === 'snippet' ? ui.params.conditions : sc;
  }

  function syncControls(): void {
    vscode.setState(ui);
    const sc = ui.scenario;
    const key = sc === 'snippet' ? `snippet:${ui.params.conditions}` : sc;
    for (const f of Array.from(paramsBox.querySelectorAll<HTMLElement>('.field'))) {
      const tags = (f.dataset.for ?? '').split(' ');
      f.hidden = !(tags.includes('all') || tags.includes(sc) || tags.includes(key));
    }
    for (const i of Array.from(strategySet.querySelectorAll('input'))) i.disabled = sc === 'snippet';
    strategySet.classList.toggle('disabled', sc === 'snippet');
    const noStrategies = sc !== 'snippet' && ui.strategies.length === 0;
    const noTarget = sc === 'snippet' && !state.target;
    runButton.disabled = state.busy || !state.trusted || noStrategies || noTarget;
    runButton.title = !state.trusted ? 'Trust this workspace to run' : noTarget ? 'Use "Run in Race Lab" above a spawn call first' : noStrategies ? 'Choose a strategy' : '';
    cancelButton.disabled = !state.busy;
    trustBanner.hidden = state.trusted;
    trustBanner.textContent = state.trusted ? '' : 'This workspace is not trusted. Race Lab compiles and runs code, so it runs nothing until you trust the workspace (command "Workspaces: Manage Workspace Trust").';
    targetBox.textContent = '';
    if (state.target) {
      const t = state.target;
      targetBox.append('Snippet: ', h('code', {}, `${t.function}()`), ' at ', lineLink(t.file, t.line) as Node);
    } else if (sc === 'snippet') targetBox.append('No snippet yet: use "Run in Race Lab" above a fork, vfork, clone or posix_spawn call.');
  }

  function startRun(): void {
    const sc = ui.scenario;
    const p = ui.params;
    const memMib = String(p.memMib).split(/[\s,]+/).filter(Boolean).map(Number).filter((n) => Number.isFinite(n) && n >= 0);
    const params = {
      iterations: p.iterations,
      memMib: memMib.length ? memMib : [0],
      threads: p.threads,
      call: p.call,
      killer: p.killer,
      killDelayUs: p.killDelayUs,
      timeoutMs: p.timeoutMs,
      conditions: p.conditions,
    };
    const strategies = sc === 'snippet' ? [] : [...ui.strategies];
    state.pending = freshResults(sc, sc === 'snippet' ? ['snippet'] : strategies);
    state.notices = [];
    vscode.postMessage({ type: 'run', scenario: sc, strategies, params });
  }

  function freshResults(sc: Scenario, strategies: string[]): Results {
    return {
      scenario: sc,
      conditions: conditionsOf(sc),
      strategies,
      counts: new Map(),
      latency: new Map(),
      execCases: new Map(),
      rows: [],
      starts: [],
      summaries: [],
      total: 0,
      errors: [],
    };
  }

  // ------------------------------------------------------------- messages
  const MAX_ROWS = 500;
  function onEvent(m: Extract<Msg, { type: 'event' }>): void {
    const r = state.results;
    if (!r || m.run !== r.run) return;
    const e = m.event;
    const strategy = typeof e.strategy === 'string' && r.scenario === 'spawn-cost' && !e.strategy.includes(',') ? e.strategy : m.strategy;
    if (e.event === 'start') r.starts.push(e);
    else if (e.event === 'summary') r.summaries.push({ strategy, memMib: m.memMib, event: e });
    else if (e.event === 'error') r.errors.push(String(e.message ?? 'error'));
    if (e.event !== 'outcome') return;
    r.total++;
    if (m.outcome) {
      let c = r.counts.get(strategy);
      if (!c) r.counts.set(strategy, (c = new Map()));
      c.set(m.outcome, (c.get(m.outcome) ?? 0) + 1);
    }
    if (typeof e.latency_us === 'number' && (r.conditions === 'spawn-cost')) {
      const mem = m.memMib ?? 0;
      const key = `${strategy}@${mem}`;
      let l = r.latency.get(key);
      if (!l) r.latency.set(key, (l = { strategy, mem, us: [], blocked: [] }));
      l.us.push(e.latency_us);
      if (typeof e.blocked_us === 'number') l.blocked.push(e.blocked_us);
    }
    if (r.scenario === 'exec-failure' && typeof e.case === 'string') {
      let c = r.execCases.get(e.case);
      if (!c) r.execCases.set(e.case, (c = new Map()));
      if (!c.has(strategy)) c.set(strategy, e);
    }
    if (r.scenario === 'snippet') {
      r.rows.push({ i: Number(e.i), strategy, outcome: m.outcome ?? 'other', line: m.line, file: m.file, event: e });
      if (r.rows.length > MAX_ROWS) r.rows.shift();
    }
    schedule();
  }

  window.addEventListener('message', (ev: MessageEvent) => {
    const m = ev.data as Msg;
    switch (m.type) {
      case 'trust':
        state.trusted = m.trusted;
        break;
      case 'target':
        state.target = m.target;
        if (m.target) {
          ui.scenario = 'snippet';
          (document.getElementById('sc-snippet') as HTMLInputElement).checked = true;
        }
        break;
      case 'busy':
        state.busy = m.busy;
        if (m.busy && m.run) {
          state.run = m.run;
          state.results = state.pending ?? freshResults(ui.scenario, ui.strategies);
          state.results.run = m.run;
          state.pending = undefined;
        }
        break;
      case 'event':
        onEvent(m);
        return;
      case 'done':
        if (state.results && m.run === state.results.run) state.results.done = m;
        break;
      case 'compiled':
        if (state.results && m.run === state.results.run) state.results.compiled = m;
        break;
      case 'compile-error':
        if (state.results && m.run === state.results.run) state.results.compile = { diagnostics: m.diagnostics, output: m.output };
        break;
      case 'error':
        if (state.results && (!m.run || m.run === state.results.run) && state.busy) state.results.errors.push(m.message);
        else state.notices.push(m.message);
        break;
    }
    syncControls();
    render();
  });

  let timer: number | undefined;
  function schedule(): void {
    if (timer === undefined) timer = window.setTimeout(() => render(), 80);
  }

  // --------------------------------------------------------------- render
  function render(): void {
    if (timer !== undefined) window.clearTimeout(timer);
    timer = undefined;
    const r = state.results;
    document.body.dataset.busy = String(state.busy);
    results.textContent = '';
    for (const n of state.notices) results.append(h('div', { class: 'error', role: 'alert' }, n));
    if (!r) return;
    status.textContent = statusText(r);
    for (const e of r.errors) results.append(h('div', { class: 'error', role: 'alert' }, e));
    if (r.compile) results.append(compileErrors(r.compile));
    const meta = r.starts[0];
    if (meta) {
      const bits = [meta.libc, meta.backend ? `safespawn backend: ${meta.backend}` : undefined].filter(Boolean);
      if (r.compiled) bits.unshift(`compiled ${r.compiled.function}()`);
      results.append(h('p', { class: 'meta' }, bits.join(' · ')));
    }
    if (r.compiled?.diagnostics.length) results.append(compileErrors({ diagnostics: r.compiled.diagnostics, output: '' }, 'Compiler warnings'));
    if (r.conditions !== 'spawn-cost' || r.scenario === 'snippet') results.append(outcomeSection(r));
    if (r.conditions === 'spawn-cost') results.append(latencySection(r));
    if (r.scenario === 'exec-failure') results.append(execSection(r));
    if (r.scenario === 'snippet') results.append(snippetSection(r));
    if (r.done?.output) results.append(h('details', {}, h('summary', {}, 'Program output'), h('pre', {}, r.done.output)));
  }

  function statusText(r: Results): string {
    const name = SCENARIOS.find(([id]) => id === r.scenario)?.[1] ?? r.scenario;
    if (r.compile) return `${name}: the snippet did not compile.`;
    if (r.done) {
      const secs = (r.done.elapsedMs / 1000).toFixed(1);
      const tail = r.done.killed ? `; ${r.done.killed} leftover process${r.done.killed === 1 ? '' : 'es'} killed` : '';
      if (r.done.cancelled) return `${name}: cancelled after ${secs} s, ${r.total} results${tail}.`;
      if (r.done.timedOut) return `${name}: stopped at the time limit after ${secs} s, ${r.total} results${tail}.`;
      return `${name}: done in ${secs} s, ${r.total} results${tail}.`;
    }
    if (state.busy) {
      const cur = r.starts[r.starts.length - 1];
      const which = cur ? ` — ${String(cur.strategy ?? cur.function ?? '')}` : r.scenario === 'snippet' ? ' — compiling' : '';
      return `${name}: running${which}, ${r.total} results so far…`;
    }
    return `${name}: ${r.total} results.`;
  }

  function outcomeSection(r: Results): HTMLElement {
    const cats = OUTCOMES[r.conditions];
    const seen = new Set<string>();
    for (const c of r.counts.values()) for (const k of c.keys()) seen.add(k);
    const shown = cats.filter((c) => seen.has(c) || ['terminated', 'handler-in-child', 'timeout', 'ok', 'hang', 'errno+step', 'errno', 'exit-status'].includes(c));
    const strategies = r.strategies.length ? r.strategies : [...r.counts.keys()];
    const W = 640, rowH = 26, left = 120, top = 8;
    const H = top + strategies.length * rowH + 6;
    const svg = s('svg', { viewBox: `0 0 ${W} ${H}`, class: 'chart bars', role: 'img', 'aria-label': `Outcome counts per strategy` }) as SVGSVGElement;
    strategies.forEach((st, k) => {
      const c = r.counts.get(st) ?? new Map<string, number>();
      const total = [...c.values()].reduce((a, b) => a + b, 0);
      const y = top + k * rowH;
      svg.append(s('text', { x: left - 8, y: y + 15, class: 'label', 'text-anchor': 'end' }, st === 'snippet' ? 'this snippet' : st));
      svg.append(s('rect', { x: left, y: y + 2, width: W - left - 70, height: rowH - 8, class: 'track' }));
      let x = left;
      for (const cat of cats) {
        const n = c.get(cat) ?? 0;
        if (!n) continue;
        const w = ((W - left - 70) * n) / Math.max(1, total);
        svg.append(s('rect', { x, y: y + 2, width: Math.max(w, 0.5), height: rowH - 8, class: `o-${slug(cat)}` }, s('title', {}, `${st}: ${n} ${OUTCOME_LABEL[cat] ?? cat}`)));
        x += w;
      }
      svg.append(s('text', { x: W - 64, y: y + 15, class: 'label' }, String(total)));
    });
    const legend = h('ul', { class: 'legend' }, ...shown.map((cat) => h('li', {}, h('span', { class: `swatch o-${slug(cat)}` }), OUTCOME_LABEL[cat] ?? cat)));
    const table = h('table', { class: 'counts', id: 'counts' },
      h('thead', {}, h('tr', {}, h('th', { scope: 'col' }, 'strategy'), ...shown.map((cat) => h('th', { scope: 'col', title: OUTCOME_LABEL[cat] }, cat)), h('th', { scope: 'col' }, 'total'))),
      h('tbody', {}, ...strategies.map((st) => {
        const c = r.counts.get(st) ?? new Map<string, number>();
        const total = [...c.values()].reduce((a, b) => a + b, 0);
        return h('tr', { 'data-strategy': st }, h('th', { scope: 'row' }, st === 'snippet' ? 'this snippet' : st),
          ...shown.map((cat) => h('td', { 'data-strategy': st, 'data-outcome': cat, class: (c.get(cat) ?? 0) ? `n o-text-${slug(cat)}` : 'n zero' }, String(c.get(cat) ?? 0))),
          h('td', { class: 'n', 'data-strategy': st, 'data-outcome': 'total' }, String(total)));
      })));
    return h('section', { class: 'card' }, h('h2', {}, 'Outcomes'), svg, legend, table);
  }

  function latencyStats(r: Results) {
    const out: { strategy: string; mem: number; n: number; median: number; p99: number; blocked: number }[] = [];
    for (const l of r.latency.values()) {
      const us = [...l.us].sort((a, b) => a - b);
      const bl = [...l.blocked].sort((a, b) => a - b);
      out.push({ strategy: l.strategy, mem: l.mem, n: us.length, median: pct(us, 50), p99: pct(us, 99), blocked: pct(bl, 50) });
    }
    return out;
  }

  function latencySection(r: Results): HTMLElement {
    const stats = latencyStats(r);
    const mems = [...new Set(stats.map((x) => x.mem))].sort((a, b) => a - b);
    const strategies = r.strategies.filter((st) => stats.some((x) => x.strategy === st));
    const W = 640, H = 260, L = 64, R = 140, T = 12, B = 34;
    const maxY = Math.max(1, ...stats.map((x) => x.p99));
    const yTop = niceCeil(maxY);
    const xOf = (m: number) => (mems.length <= 1 ? L + (W - L - R) / 2 : L + ((W - L - R) * mems.indexOf(m)) / (mems.length - 1));
    const yOf = (v: number) => T + (H - T - B) * (1 - v / yTop);
    const svg = s('svg', { viewBox: `0 0 ${W} ${H}`, class: 'chart lines', role: 'img', 'aria-label': 'Median and 99th percentile spawn latency per strategy against parent memory' }) as SVGSVGElement;
    for (let k = 0; k <= 4; k++) {
      const v = (yTop * k) / 4;
      svg.append(s('line', { x1: L, x2: W - R, y1: yOf(v), y2: yOf(v), class: 'grid' }), s('text', { x: L - 6, y: yOf(v) + 4, class: 'axis', 'text-anchor': 'end' }, fmtUs(v)));
    }
    for (const m of mems) svg.append(s('text', { x: xOf(m), y: H - B + 16, class: 'axis', 'text-anchor': 'middle' }, `${m} MiB`));
    svg.append(s('text', { x: (L + W - R) / 2, y: H - 4, class: 'axis', 'text-anchor': 'middle' }, 'parent memory touched'));
    strategies.forEach((st, k) => {
      const pts = mems.map((m) => stats.find((x) => x.strategy === st && x.mem === m)).filter((x): x is NonNullable<typeof x> => !!x);
      for (const [which, cls] of [['median', 'median'], ['p99', 'p99']] as const) {
        const d = pts.map((p, i) => `${i ? 'L' : 'M'}${xOf(p.mem).toFixed(1)},${yOf(p[which]).toFixed(1)}`).join(' ');
        if (pts.length > 1) svg.append(s('path', { d, class: `line ${cls} s-${slug(st)}` }));
        for (const p of pts)
          svg.append(s('circle', { cx: xOf(p.mem), cy: yOf(p[which]), r: which === 'median' ? 3.5 : 2.5, class: `dot ${cls} s-${slug(st)}` }, s('title', {}, `${st} at ${p.mem} MiB: ${which} ${fmtUs(p[which])} (${p.n} spawns)`)));
      }
      svg.append(s('line', { x1: W - R + 10, x2: W - R + 28, y1: T + 8 + k * 18, y2: T + 8 + k * 18, class: `line median s-${slug(st)}` }),
        s('text', { x: W - R + 32, y: T + 12 + k * 18, class: 'label' }, st === 'snippet' ? 'this snippet' : st));
    });
    svg.append(s('text', { x: W - R + 10, y: T + 16 + strategies.length * 18, class: 'axis' }, 'solid: median'), s('text', { x: W - R + 10, y: T + 30 + strategies.length * 18, class: 'axis' }, 'dashed: p99'));
    const table = h('table', { class: 'latency', id: 'latency' },
      h('thead', {}, h('tr', {}, h('th', { scope: 'col' }, 'strategy'), h('th', { scope: 'col' }, 'memory'), h('th', { scope: 'col' }, 'spawns'), h('th', { scope: 'col' }, 'median'), h('th', { scope: 'col' }, 'p99'), h('th', { scope: 'col' }, 'caller blocked (median)'))),
      h('tbody', {}, ...strategies.flatMap((st) => mems.map((m) => stats.find((x) => x.strategy === st && x.mem === m)).filter((x): x is NonNullable<typeof x> => !!x).map((x) =>
        h('tr', { 'data-strategy': x.strategy, 'data-mem': x.mem },
          h('th', { scope: 'row' }, x.strategy === 'snippet' ? 'this snippet' : x.strategy), h('td', { class: 'n' }, `${x.mem} MiB`),
          h('td', { class: 'n', 'data-col': 'n' }, String(x.n)),
          h('td', { class: 'n', 'data-col': 'median', 'data-value': x.median }, fmtUs(x.median)),
          h('td', { class: 'n', 'data-col': 'p99', 'data-value': x.p99 }, fmtUs(x.p99)),
          h('td', { class: 'n', 'data-col': 'blocked', 'data-value': x.blocked }, x.blocked ? fmtUs(x.blocked) : '—'))))));
    return h('section', { class: 'card' }, h('h2', {}, 'Spawn latency'), svg, table);
  }

  function niceCeil(v: number): number {
    const p = Math.pow(10, Math.floor(Math.log10(v)));
    for (const m of [1, 2, 2.5, 5, 10]) if (m * p >= v) return m * p;
    return 10 * p;
  }

  const CASE_LABEL: Record<string, string> = {
    enoent: 'program missing',
    eacces: 'no execute permission',
    enoexec: 'not a program',
    dup2: 'a dup2 before exec fails',
  };
  function execSection(r: Results): HTMLElement {
    const strategies = r.strategies;
    const learned = (e: LabEvent | undefined) => {
      if (!e) return '';
      if (e.learned === 'errno') return typeof e.step === 'number' ? `${e.errno} at step ${e.step === -1 ? 'exec' : `${e.step} (${e.kind})`}` : `${e.errno}`;
      if (typeof e.exit_code === 'number') return `exit status ${e.exit_code}`;
      return String(e.learned ?? '');
    };
    return h('section', { class: 'card' }, h('h2', {}, 'What the parent learns'),
      h('table', { class: 'exec', id: 'exec' },
        h('thead', {}, h('tr', {}, h('th', { scope: 'col' }, 'failure'), ...strategies.map((st) => h('th', { scope: 'col' }, st)))),
        h('tbody', {}, ...[...r.execCases.keys()].map((cs) => h('tr', { 'data-case': cs }, h('th', { scope: 'row' }, CASE_LABEL[cs] ?? cs),
          ...strategies.map((st) => {
            const e = r.execCases.get(cs)?.get(st);
            const cls = e?.learned === 'errno' ? 'good' : e ? 'bad' : '';
            return h('td', { class: cls, 'data-strategy': st }, learned(e));
          }))))));
  }

  function snippetSection(r: Results): HTMLElement {
    const rows = r.rows.slice(-100);
    const sel = r.rows.find((x) => x.i === r.selected) ?? r.rows[r.rows.length - 1];
    const table = h('table', { class: 'iterations', id: 'iterations' },
      h('thead', {}, h('tr', {}, h('th', { scope: 'col' }, '#'), h('th', { scope: 'col' }, 'outcome'), h('th', { scope: 'col' }, 'latency'), h('th', { scope: 'col' }, 'what the parent saw'), h('th', { scope: 'col' }, 'spawn site'))),
      h('tbody', {}, ...rows.slice().reverse().map((row) => {
        const e = row.event;
        const seen = typeof e.exit_code === 'number' ? `exit ${e.exit_code}` : typeof e.signal === 'number' ? `signal ${e.signal}` : e.spawn_errno ? String(e.spawn_errno) : '';
        const extra = e.child_errno ? ` (the child knew: ${e.child_errno})` : '';
        return h('tr', { 'data-i': row.i, class: row === sel ? 'selected' : undefined },
          h('td', { class: 'n' }, h('button', { type: 'button', class: 'link', 'aria-label': `Show the timeline of iteration ${row.i}`, onclick: () => { r.selected = row.i; render(); } }, String(row.i))),
          h('td', { class: `o-text-${slug(row.outcome)}` }, OUTCOME_LABEL[row.outcome] ?? row.outcome),
          h('td', { class: 'n' }, typeof e.latency_us === 'number' ? fmtUs(e.latency_us) : ''),
          h('td', {}, seen + extra),
          h('td', {}, lineLink(row.file, row.line)));
      })));
    const parts: (HTMLElement | undefined)[] = [h('h2', {}, 'Iterations'), h('div', { class: 'scroll' }, table)];
    if (sel) parts.push(timeline(sel));
    return h('section', { class: 'card' }, ...parts);
  }

  function timeline(row: Row): HTMLElement {
    const tl = (row.event.timeline as TimelineEntry[] | undefined) ?? [];
    const W = 640, L = 12, R = 12, rowH = 22;
    const pids = [...new Set(tl.map((e) => e.pid))];
    const tMax = Math.max(1, ...tl.map((e) => e.t_us));
    const H = 26 + pids.length * 34;
    const x = (t: number) => L + ((W - L - R) * t) / tMax;
    const svg = s('svg', { viewBox: `0 0 ${W} ${H}`, class: 'chart timeline', role: 'img', 'aria-label': `Timeline of iteration ${row.i}` }) as SVGSVGElement;
    pids.forEach((pid, k) => {
      const y = 18 + k * 34;
      const evs = tl.filter((e) => e.pid === pid);
      svg.append(s('text', { x: L, y: y - 4, class: 'axis' }, k === 0 ? `parent ${pid}` : `child ${pid}`));
      svg.append(s('line', { x1: x(evs[0].t_us), x2: x(evs[evs.length - 1].t_us), y1: y + 8, y2: y + 8, class: 'lifeline' }));
      for (const e of evs)
        svg.append(s('circle', { cx: x(e.t_us), cy: y + 8, r: 5, class: `ev ev-${slug(e.kind)}` }, s('title', {}, `${e.t_us.toFixed(1)} µs: ${e.kind}${e.line ? ` (line ${e.line})` : ''} — ${e.detail ?? ''}`)));
    });
    svg.append(s('text', { x: W - R, y: H - 4, class: 'axis', 'text-anchor': 'end' }, fmtUs(tMax)));
    const list = h('ol', { class: 'events', id: 'timeline' }, ...tl.map((e) => h('li', { 'data-kind': e.kind },
      h('span', { class: 't' }, `${e.t_us.toFixed(1)} µs`), ' ', h('span', { class: `ev-name ev-text-${slug(e.kind)}` }, e.kind), ' ',
      h('span', { class: 'who' }, pids.indexOf(e.pid) === 0 ? 'parent' : `child ${e.pid}`), ' ', e.detail ?? '', ' ',
      e.line ? lineLink(row.file, e.line, `line ${e.line}`) : '')));
    return h('div', { class: 'timeline-box' }, h('h3', {}, `Iteration ${row.i}: ${OUTCOME_LABEL[row.outcome] ?? row.outcome}`), svg, list);
  }

  function compileErrors(c: { diagnostics: Diagnostic[]; output: string }, title = 'The snippet did not compile'): HTMLElement {
    const items = c.diagnostics.filter((d) => d.severity !== 'note' || d.user);
    return h('section', { class: 'card compile', role: title.startsWith('The') ? 'alert' : undefined }, h('h2', {}, title),
      h('ul', { class: 'diagnostics', id: 'diagnostics' }, ...items.map((d) => h('li', { class: `sev-${d.severity}` },
        h('span', { class: 'sev' }, d.severity), ' ', d.user ? lineLink(d.file, d.line) : h('span', { class: 'where' }, d.file ? `${d.file.split('/').pop()}:${d.line}` : 'linker'), ' ', d.message))),
      c.output ? h('details', {}, h('summary', {}, 'Compiler output'), h('pre', {}, c.output)) : undefined);
  }

  syncControls();
  vscode.postMessage({ type: 'ready' });
})();

// A real editor as the client: Neovim (Debian's 0.7), headless, with its
// built-in LSP client. It opens a fixture, records the diagnostics it
// received, applies the preferred quick fix through its own code-action
// machinery (vim.lsp.buf.code_action, with vim.ui.select answered as a user
// would: the preferred action), and records the buffer and the diagnostics
// after the server re-linted it.
import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { SERVER_MAIN } from './test-client';

const FIXTURE = path.resolve(__dirname, '..', '..', 'test-fixtures', 'examples', 'minish.c');

const SCRIPT = String.raw`
local node, server, file, out = os.getenv('FORKLINT_NODE'), os.getenv('FORKLINT_SERVER'), os.getenv('FORKLINT_FILE'), os.getenv('FORKLINT_OUT')
local result = {}

local function simplify(list)
  local out = {}
  for _, d in ipairs(list) do
    local lsp = (d.user_data or {}).lsp or {}
    local related = {}
    for _, r in ipairs(lsp.relatedInformation or {}) do table.insert(related, r.message) end
    table.insert(out, { lnum = d.lnum, col = d.col, end_col = d.end_col, severity = d.severity, message = d.message,
      source = d.source, code = d.code, href = (lsp.codeDescription or {}).href, related = related })
  end
  table.sort(out, function(a, b) return a.lnum < b.lnum end)
  return out
end

local function has(bufnr, code)
  for _, d in ipairs(vim.diagnostic.get(bufnr)) do if d.code == code then return d end end
  return nil
end

local ok, err = pcall(function()
  vim.cmd('edit ' .. vim.fn.fnameescape(file))
  local bufnr = vim.api.nvim_get_current_buf()
  result.filetype = vim.bo[bufnr].filetype
  local id = vim.lsp.start_client({ name = 'forklint', cmd = { node, server, '--stdio' }, root_dir = vim.fn.fnamemodify(file, ':h') })
  assert(id, 'vim.lsp.start_client failed')
  assert(vim.lsp.buf_attach_client(bufnr, id), 'buf_attach_client failed')
  assert(vim.wait(30000, function() return #vim.diagnostic.get(bufnr) >= 2 end, 20), 'no diagnostics arrived')
  result.before = simplify(vim.diagnostic.get(bufnr))
  local target = has(bufnr, 'child-exit-not-_exit')
  assert(target, 'no child-exit-not-_exit diagnostic')
  vim.api.nvim_win_set_cursor(0, { target.lnum + 1, target.col })
  local chosen = false
  vim.ui.select = function(items, _, on_choice)
    result.offered = {}
    local pick
    for _, item in ipairs(items) do
      local action = item[2]
      table.insert(result.offered, { title = action.title, kind = action.kind, preferred = action.isPreferred == true })
      if action.isPreferred == true and pick == nil then pick = item end
    end
    result.applied = pick and pick[2].title or vim.NIL
    chosen = true
    on_choice(pick)
  end
  vim.lsp.buf.code_action()
  assert(vim.wait(10000, function() return chosen end, 20), 'no code actions were offered')
  result.lines = vim.api.nvim_buf_get_lines(bufnr, 0, -1, false)
  assert(vim.wait(30000, function() return #vim.diagnostic.get(bufnr) > 0 and not has(bufnr, 'child-exit-not-_exit') end, 20), 'the finding is still there after the fix')
  result.after = simplify(vim.diagnostic.get(bufnr))
  vim.lsp.stop_client(id)
end)
if not ok then result.error = tostring(err) end
local f = assert(io.open(out, 'w'))
f:write(vim.fn.json_encode(result))
f:close()
vim.cmd('qall!')
`;

interface Seen {
  lnum: number;
  col: number;
  severity: number;
  message: string;
  source: string;
  code: string;
  href?: string;
  related: string[];
}

interface NvimResult {
  error?: string;
  filetype?: string;
  before?: Seen[];
  offered?: { title: string; kind: string; preferred: boolean }[];
  applied?: string;
  lines?: string[];
  after?: Seen[];
}

function hasNvim(): boolean {
  return spawnSync('nvim', ['--version'], { stdio: 'ignore' }).status === 0;
}

describe('Neovim (built-in LSP client) against the server', function () {
  this.timeout(90000);
  let dir: string;
  before(function () {
    if (!hasNvim()) {
      console.log('    nvim not found: skipping the Neovim test (scripts/test-deps.sh installs Debian\'s neovim)');
      this.skip();
    }
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'forklint-nvim-'));
  });
  after(() => {
    if (dir) fs.rmSync(dir, { recursive: true, force: true });
  });

  it('receives the diagnostics, applies the preferred quick fix, and sees the finding go', () => {
    const file = path.join(dir, 'minish.c');
    const original = fs.readFileSync(FIXTURE, 'utf8');
    fs.writeFileSync(file, original);
    const script = path.join(dir, 'drive.lua');
    fs.writeFileSync(script, SCRIPT);
    const out = path.join(dir, 'result.json');
    const r = spawnSync('nvim', ['--headless', '--clean', '-n', '-c', `luafile ${script}`], {
      env: { ...process.env, FORKLINT_NODE: process.execPath, FORKLINT_SERVER: SERVER_MAIN, FORKLINT_FILE: file, FORKLINT_OUT: out, HOME: dir, XDG_STATE_HOME: dir, XDG_DATA_HOME: dir },
      encoding: 'utf8',
      timeout: 80000,
    });
    assert.ok(fs.existsSync(out), `nvim wrote no result (status ${r.status}, signal ${r.signal}): ${r.stderr}${r.stdout}`);
    const seen = JSON.parse(fs.readFileSync(out, 'utf8')) as NvimResult;
    if (process.env.FORKLINT_NVIM_VERBOSE) console.log(JSON.stringify(seen, null, 2));
    assert.equal(seen.error, undefined, `the Neovim script failed: ${seen.error}`);
    assert.equal(seen.filetype, 'c');

    const lines = original.split('\n');
    const exitLine = lines.findIndex((l) => l.includes('exit(1); /* expect: child-exit-not-_exit */'));
    const execLine = lines.findIndex((l) => l.includes('/* expect: exec-without-exit */'));
    assert.deepEqual(seen.before!.map((d) => [d.code, d.lnum, d.severity, d.source]), [
      ['child-exit-not-_exit', exitLine, 2, 'forklint'],
      ['exec-without-exit', execLine, 1, 'forklint'],
    ]);
    const exit = seen.before![0];
    assert.equal(exit.col, lines[exitLine].indexOf('exit(1)'));
    assert.match(exit.href!, /rules\/docs\/child-exit-not-_exit\.md$/);
    assert.ok(exit.related.some((m) => /the child of this fork\(\)/.test(m)));

    assert.equal(seen.applied, 'Replace exit() with _exit()');
    assert.ok(seen.offered!.some((a) => a.title === 'Ignore child-exit-not-_exit on this line' && !a.preferred));
    // The buffer after the fix: exit(1) became _exit(1) on that line, nothing else changed.
    const fixed = [...lines];
    fixed[exitLine] = fixed[exitLine].replace('exit(1)', '_exit(1)');
    assert.deepEqual(seen.lines, fixed.slice(0, -1));
    assert.deepEqual(seen.after!.map((d) => d.code), ['exec-without-exit']);
  });
});

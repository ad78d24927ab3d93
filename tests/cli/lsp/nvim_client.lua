-- Drives `spex lsp` from Neovim's own LSP client (0.7 and later) through each capability:
-- definition, hover, inlay hints, workspace symbols, code lens, completion (through Neovim's own
-- conversion of the list), a broken reference's diagnostic and its quick fix, and a
-- rename whose workspace edit Neovim applies across files. Exits 0 when every check
-- passes; prints `FAIL: …` and exits 1 otherwise.
local root = vim.env.SPEX_ROOT
local spex = vim.env.SPEX_BIN

local function fail(message)
  io.stderr:write('FAIL: ' .. message .. '\n')
  vim.cmd('cquit 1')
end

local function expect(what, got, wanted)
  if not vim.deep_equal(got, wanted) then
    fail(what .. ': got ' .. vim.inspect(got) .. ', wanted ' .. vim.inspect(wanted))
  end
end

local id = vim.lsp.start_client({ name = 'spex', cmd = { spex, 'lsp' }, root_dir = root })
if not id then fail('the client did not start') end
vim.cmd('edit ' .. root .. '/prds/a.md')
local buf = vim.api.nvim_get_current_buf()
local uri = vim.uri_from_bufnr(buf)
vim.lsp.buf_attach_client(buf, id)
local ready = vim.wait(20000, function()
  local client = vim.lsp.get_client_by_id(id)
  return client ~= nil and client.server_capabilities ~= nil
    and next(client.server_capabilities) ~= nil
end, 50)
if not ready then fail('the server did not initialize') end
local encoding = vim.lsp.get_client_by_id(id).offset_encoding

local function at(line, character)
  return { textDocument = { uri = uri }, position = { line = line, character = character } }
end
-- On `PRD-2` in `See [[PRD-2]].`, line 6.
local at_link = at(6, 7)

local function ask(method, params)
  local answers, err = vim.lsp.buf_request_sync(buf, method, params, 10000)
  if not answers then fail(method .. ': ' .. tostring(err)) end
  local answer = answers[id]
  if not answer or answer.error then fail(method .. ': ' .. vim.inspect(answer)) end
  return answer.result
end

local function lines(bufnr)
  return vim.api.nvim_buf_get_lines(bufnr, 0, -1, false)
end

-- Definition and hover on the link.
local definition = ask('textDocument/definition', at_link)
if definition == nil then fail('no definition') end
local location = definition.uri and definition or definition[1]
if not location.uri:match('/prds/b%.md$') then fail('definition went to ' .. location.uri) end
if location.range.start.line ~= 1 then fail('definition range ' .. vim.inspect(location.range)) end

local hover = ask('textDocument/hover', at_link)
if hover == nil or not hover.contents.value:find('**PRD-2** · Bee', 1, true) then
  fail('hover: ' .. vim.inspect(hover))
end
if not hover.contents.value:find('The second one.', 1, true) then
  fail('hover lacks the first paragraph: ' .. hover.contents.value)
end

-- The title after the ID in `depends_on: [PRD-2]` (line 4, the ID ends at column 18).
local hints = ask('textDocument/inlayHint', {
  textDocument = { uri = uri },
  range = { start = { line = 0, character = 0 }, ['end'] = { line = 7, character = 0 } },
})
expect('inlay hints', vim.tbl_map(function(h) return { h.label, h.position } end, hints),
  { { 'Bee', { line = 4, character = 18 } } })

-- Workspace symbols by a word of a title.
local symbols = ask('workspace/symbol', { query = 'bee' })
expect('workspace symbols', vim.tbl_map(function(s)
  return { s.name, vim.uri_to_fname(s.location.uri) }
end, symbols), { { 'PRD-2 Bee', root .. '/prds/b.md' } })

-- The code lens on b.md's title counts a's two references to it.
local lenses = ask('textDocument/codeLens', { textDocument = { uri = vim.uri_from_fname(root .. '/prds/b.md') } })
expect('code lens', vim.tbl_map(function(l)
  return { l.range.start.line, l.command.title, l.command.command }
end, lenses), { { 2, '2 references', 'spex.showReferences' } })

-- Completion after `[[PR`, as Neovim's omnifunc turns the list into complete items.
vim.api.nvim_buf_set_lines(buf, 6, 7, false, { 'See [[PR' })
local list = ask('textDocument/completion', at(6, 8))
expect('completion list is complete', list.isIncomplete, false)
local items = vim.lsp.util.text_document_completion_list_to_complete_items(list, 'PR')
expect('completion', vim.tbl_map(function(i) return { i.word, i.menu } end, items),
  { { 'PRD-1', 'A' }, { 'PRD-2', 'Bee' } })

-- A misspelt reference: the server publishes `unknown-reference` for this buffer.
vim.api.nvim_buf_set_lines(buf, 6, 7, false, { 'See [[PDR-2]].' })
local function broken()
  for _, d in ipairs(vim.diagnostic.get(buf)) do
    local code = d.code or (d.user_data and d.user_data.lsp and d.user_data.lsp.code)
    if code == 'unknown-reference' then return d end
  end
  return nil
end
local found = nil
local arrived = vim.wait(20000, function()
  found = broken()
  return found ~= nil
end, 50)
if not arrived then fail('no unknown-reference diagnostic: ' .. vim.inspect(vim.diagnostic.get(buf))) end
expect('diagnostic columns', { found.lnum, found.col, found.end_col }, { 6, 6, 11 })
local href = found.user_data and found.user_data.lsp and found.user_data.lsp.codeDescription
if not href or href.href ~= 'https://spex.example.com/rules/unknown-reference' then
  fail('codeDescription: ' .. vim.inspect(found.user_data))
end

-- Its quick fix, asked for with the line's diagnostics as Neovim's code_action sends
-- them, and applied by Neovim: the diagnostic goes away.
local context = { diagnostics = vim.lsp.diagnostic.get_line_diagnostics(buf, 6) }
local actions = ask('textDocument/codeAction', {
  textDocument = { uri = uri },
  range = { start = { line = 6, character = 6 }, ['end'] = { line = 6, character = 11 } },
  context = context,
})
local fix = nil
for _, action in ipairs(actions or {}) do
  if action.title == 'Change to `PRD-2`' then fix = action end
end
if not fix then fail('no quick fix: ' .. vim.inspect(actions)) end
expect('quick fix kind', { fix.kind, fix.isPreferred }, { 'quickfix', true })
vim.lsp.util.apply_workspace_edit(fix.edit, encoding)
expect('fixed line', lines(buf)[7], 'See [[PRD-2]].')
local cleared = vim.wait(20000, function() return broken() == nil end, 50)
if not cleared then fail('diagnostics not cleared: ' .. vim.inspect(vim.diagnostic.get(buf))) end

-- Rename PRD-2 from its reference in the front matter: Neovim applies the edit to this
-- buffer and to b.md, which it loads; once both are written, the server sees the new ID.
local prepared = ask('textDocument/prepareRename', at(4, 15))
expect('prepareRename', prepared, {
  placeholder = 'PRD-2',
  range = { start = { line = 4, character = 13 }, ['end'] = { line = 4, character = 18 } },
})
local edit = ask('textDocument/rename', vim.tbl_extend('force', at(4, 15), { newName = 'PRD-20' }))
vim.lsp.util.apply_workspace_edit(edit, encoding)
expect('a.md renamed', { lines(buf)[5], lines(buf)[7] }, { 'depends_on: [PRD-20]', 'See [[PRD-20]].' })
local b = vim.fn.bufnr(root .. '/prds/b.md')
if b == -1 then fail('b.md was not edited') end
expect('b.md renamed', lines(b)[2], 'id: PRD-20')
vim.cmd('silent wall')
local seen = vim.wait(20000, function()
  local answers = vim.lsp.buf_request_sync(buf, 'workspace/symbol', { query = 'PRD-20' }, 5000)
  local result = answers and answers[id] and answers[id].result or {}
  return #result == 1 and result[1].name == 'PRD-20 Bee'
end, 200)
if not seen then fail('the server did not see b.md renamed on disk') end
local settled = vim.wait(20000, function() return broken() == nil end, 50)
if not settled then fail('after the rename: ' .. vim.inspect(vim.diagnostic.get(buf))) end

vim.lsp.stop_client(id)
vim.wait(5000, function() return vim.lsp.get_client_by_id(id) == nil end, 50)
io.stderr:write('OK\n')
vim.cmd('qall!')

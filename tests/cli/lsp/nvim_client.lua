-- Drives `spex lsp` from Neovim's own LSP client (0.7 and later): open a document,
-- ask for a definition and a hover, then break a reference and wait for the
-- diagnostic. Exits 0 when every check passes; prints `FAIL: …` and exits 1 otherwise.
local root = vim.env.SPEX_ROOT
local spex = vim.env.SPEX_BIN

local function fail(message)
  io.stderr:write('FAIL: ' .. message .. '\n')
  vim.cmd('cquit 1')
end

local id = vim.lsp.start_client({ name = 'spex', cmd = { spex, 'lsp' }, root_dir = root })
if not id then fail('the client did not start') end
vim.cmd('edit ' .. root .. '/prds/a.md')
local buf = vim.api.nvim_get_current_buf()
vim.lsp.buf_attach_client(buf, id)
local ready = vim.wait(20000, function()
  local client = vim.lsp.get_client_by_id(id)
  return client ~= nil and client.server_capabilities ~= nil
    and next(client.server_capabilities) ~= nil
end, 50)
if not ready then fail('the server did not initialize') end

local at_link = {
  textDocument = { uri = vim.uri_from_bufnr(buf) },
  position = { line = 5, character = 7 }, -- on `PRD-2` in `See [[PRD-2]].`
}

local function ask(method, params)
  local answers, err = vim.lsp.buf_request_sync(buf, method, params, 10000)
  if not answers then fail(method .. ': ' .. tostring(err)) end
  local answer = answers[id]
  if not answer or answer.error then fail(method .. ': ' .. vim.inspect(answer)) end
  return answer.result
end

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

-- Break the reference: the server must publish `unknown-reference` for this buffer.
vim.api.nvim_buf_set_lines(buf, 5, 6, false, { 'See [[PRD-99]].' })
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
if found.lnum ~= 5 or found.col ~= 6 or found.end_col ~= 12 then fail('diagnostic at ' .. vim.inspect(found)) end
local href = found.user_data and found.user_data.lsp and found.user_data.lsp.codeDescription
if not href or href.href ~= 'https://spex.example.com/rules/unknown-reference' then
  fail('codeDescription: ' .. vim.inspect(found.user_data))
end

-- Fix it again: the diagnostic goes away.
vim.api.nvim_buf_set_lines(buf, 5, 6, false, { 'See [[PRD-2]].' })
local cleared = vim.wait(20000, function() return broken() == nil end, 50)
if not cleared then fail('diagnostics not cleared: ' .. vim.inspect(vim.diagnostic.get(buf))) end

vim.lsp.stop_client(id)
vim.wait(5000, function() return vim.lsp.get_client_by_id(id) == nil end, 50)
io.stderr:write('OK\n')
vim.cmd('qall!')

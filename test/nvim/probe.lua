-- Neovim 0.7 as a second, independent LSP client of the bundled server (run by test/nvim/run.mjs):
--   nvim --headless --clean -c "luafile probe.lua" <file.py>
-- Starts dist/server.js over stdio for the current buffer, waits for its diagnostics to settle,
-- asks for a hover, writes what it saw as JSON to $ODOO_PERF_NVIM_OUT and quits.
-- 0.7 has no vim.lsp.start: start_client + buf_attach_client.
local out = assert(os.getenv('ODOO_PERF_NVIM_OUT'), 'ODOO_PERF_NVIM_OUT is not set')
local server = assert(os.getenv('ODOO_PERF_SERVER'), 'ODOO_PERF_SERVER is not set')
local root = assert(os.getenv('ODOO_PERF_ROOT'), 'ODOO_PERF_ROOT is not set')
local hover_line = tonumber(os.getenv('ODOO_PERF_HOVER_LINE') or '') -- 1-based
local hover_col = tonumber(os.getenv('ODOO_PERF_HOVER_COL') or '') -- 0-based, UTF-16 = bytes for ASCII
local timeout_ms = tonumber(os.getenv('ODOO_PERF_TIMEOUT_MS') or '') or 30000

local result = { diagnostics = {}, hover = vim.NIL, errors = {}, server_messages = {} }

local function finish()
  local f = assert(io.open(out, 'w'))
  f:write(vim.json.encode(result))
  f:close()
  vim.cmd('qa!')
end

local ok, err = pcall(function()
  local buf = vim.api.nvim_get_current_buf()
  vim.bo[buf].filetype = 'python'
  local client_id = vim.lsp.start_client({
    name = 'odoo-perf',
    cmd = { 'node', server, '--stdio' },
    root_dir = root,
    workspace_folders = { { uri = vim.uri_from_fname(root), name = 'examples' } },
    handlers = {
      ['window/logMessage'] = function(_, params)
        table.insert(result.server_messages, params.message)
      end,
      ['window/showMessage'] = function(_, params)
        table.insert(result.server_messages, params.message)
      end,
    },
    on_exit = function(code, signal)
      result.exit = { code = code, signal = signal }
    end,
  })
  assert(client_id, 'vim.lsp.start_client returned nil')
  assert(vim.lsp.buf_attach_client(buf, client_id), 'buf_attach_client failed')
  result.attached = true

  -- Diagnostics: wait for the first publish, then until they stop changing for a second (the
  -- server may publish again once its workspace index is complete).
  local last, since = nil, nil
  local settled = vim.wait(timeout_ms, function()
    local diags = vim.diagnostic.get(buf)
    local key = vim.inspect(diags)
    local now = vim.loop.now()
    if key ~= last then
      last, since = key, now
      return false
    end
    return #diags > 0 and now - since >= 1000
  end, 100)
  result.settled = settled
  for _, d in ipairs(vim.diagnostic.get(buf)) do
    local lsp = d.user_data and d.user_data.lsp or {}
    table.insert(result.diagnostics, {
      lnum = d.lnum,
      col = d.col,
      end_lnum = d.end_lnum,
      end_col = d.end_col,
      severity = d.severity,
      message = d.message,
      source = d.source,
      code = d.code or lsp.code,
    })
  end

  local client = vim.lsp.get_client_by_id(client_id)
  result.server_capabilities = {
    hover = client and client.server_capabilities and client.server_capabilities.hoverProvider and true or false,
    code_action = client and client.server_capabilities and client.server_capabilities.codeActionProvider and true or false,
  }

  if hover_line and hover_col then
    local params = {
      textDocument = { uri = vim.uri_from_bufnr(buf) },
      position = { line = hover_line - 1, character = hover_col },
    }
    local responses, herr = vim.lsp.buf_request_sync(buf, 'textDocument/hover', params, 10000)
    if herr then table.insert(result.errors, 'hover: ' .. tostring(herr)) end
    for _, r in pairs(responses or {}) do
      if r.error then table.insert(result.errors, 'hover: ' .. vim.inspect(r.error)) end
      result.hover = r.result or vim.NIL
    end
  end
  vim.lsp.stop_client(client_id)
  vim.wait(2000, function() return result.exit ~= nil end, 50)
end)
if not ok then table.insert(result.errors, tostring(err)) end
finish()

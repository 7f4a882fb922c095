-- wrk script for bench/load.py. Argument: the prefix of the request files that
-- bench/load.py writes from bench/scenarios.py, one per wrk thread, named by
-- the prefix and the thread's index: a request a line, its method, path, body
-- and headers ("Name: value") separated by tabs. Each thread sends the requests
-- of its own file in order and round again.

local next_index = 0

function setup(thread)
  thread:set("index", next_index)
  next_index = next_index + 1
end

function init(args)
  requests = {}
  for line in io.lines(args[1] .. index) do
    local fields = {}
    for field in (line .. "\t"):gmatch("([^\t]*)\t") do
      table.insert(fields, field)
    end
    local headers = {}
    for i = 4, #fields do
      local name, value = fields[i]:match("^([^:]+): (.*)$")
      headers[name] = value
    end
    local body = fields[3] ~= "" and fields[3] or nil
    table.insert(requests, wrk.format(fields[1], fields[2], headers, body))
  end
  sent = 0
end

function request()
  sent = sent + 1
  return requests[(sent - 1) % #requests + 1]
end

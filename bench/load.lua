-- wrk script for bench/run.py. Arguments: scenario, visits file, CSRF token,
-- number of wrk threads. Each thread takes every n-th visit, so no two
-- connections share one, and answers alternate between "not fixed" and
-- "fixed" on step 1 so that every POST is a new answer, never a repeat.
-- One request in a hundred closes its connection: with keep-alive alone, all
-- of wrk's connections can stick to one gunicorn worker and halve the figure.

local next_index = 0

function setup(thread)
  thread:set("index", next_index)
  next_index = next_index + 1
end

function init(args)
  scenario, token = args[1], args[3]
  local thread_count = tonumber(args[4])
  visits = {}
  local line_number = 0
  for line in io.lines(args[2]) do
    if line_number % thread_count == index then
      local id, step, next_choice, resolved_choice = line:match("(%S+) (%S+) (%S+) (%S+)")
      table.insert(visits, {id = id, step = step, choices = {next_choice, resolved_choice}})
    end
    line_number = line_number + 1
  end
  sent = 0
end

function request()
  local visit = visits[sent % #visits + 1]
  local round = math.floor(sent / #visits)
  sent = sent + 1
  local form = {["Cookie"] = "csrftoken=" .. token, ["HX-Request"] = "true",
                ["Content-Type"] = "application/x-www-form-urlencoded"}
  local htmx = {["HX-Request"] = "true"}
  local plain = {}
  if sent % 100 == 0 then
    form["Connection"], htmx["Connection"], plain["Connection"] = "close", "close", "close"
  end
  if scenario == "fragment" then
    return wrk.format("GET", "/visits/" .. visit.id .. "/steps/3/", htmx)
  elseif scenario == "page" then
    return wrk.format("GET", "/visits/" .. visit.id .. "/steps/3/", plain)
  elseif scenario == "answer" then
    local body = "csrfmiddlewaretoken=" .. token .. "&step=" .. visit.step ..
                 "&choice=" .. visit.choices[round % 2 + 1]
    return wrk.format("POST", "/visits/" .. visit.id .. "/answer/", form, body)
  elseif scenario == "start" then
    return wrk.format("POST", "/guides/icloud-photos-not-syncing/start/", form,
                      "csrfmiddlewaretoken=" .. token)
  end
  return wrk.format("GET", "/", plain)
end

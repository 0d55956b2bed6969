-- wrk script of relay-bench.sh: every request is a DIFFERENT Medplum event, signed.
--
-- Ferry answers a second copy of an event it already delivered (same meta.versionId) with
-- 200 {"duplicate":true} and forwards nothing, so replaying one body would measure that
-- shortcut. Each request therefore carries its own meta.versionId, which changes the body
-- and so its X-Signature (hex HMAC-SHA256 of the body). LuaJIT has no HMAC, so
-- relay-bench.sh precomputes, with python3, one signature per id; the body is
--   prefix .. <id as RELAY_ID_WIDTH decimal digits> .. suffix
-- and the signatures are one string of 64 hex characters per id, id 0 first.
--
-- Environment (set by relay-bench.sh):
--   RELAY_DATA       folder with prefix, suffix, sigs
--   RELAY_IDS        how many ids have a signature (ids 0 .. RELAY_IDS-1)
--   RELAY_ID_WIDTH   digits of the id in the body
--   RELAY_ID_OFFSET  first id of this wrk run (each run continues where the last stopped)
--   WRK_THREADS      wrk's -t, to interleave the threads' ids
-- done() prints "relay-bench next_id=N wrapped=W": the first id the next run may use, and
-- how many requests had to reuse an id because RELAY_IDS ran out (then the run is invalid).

local dir = assert(os.getenv("RELAY_DATA"), "RELAY_DATA is not set")
local ids = tonumber(os.getenv("RELAY_IDS"))
local width = tonumber(os.getenv("RELAY_ID_WIDTH"))
local offset = tonumber(os.getenv("RELAY_ID_OFFSET") or "0")
local nthreads = tonumber(os.getenv("WRK_THREADS") or "1")

local function slurp(name)
    local f = assert(io.open(dir .. "/" .. name, "rb"))
    local s = f:read("*a")
    f:close()
    return s
end

local prefix = slurp("prefix")
local suffix = slurp("suffix")
local sigs = slurp("sigs")
assert(#sigs >= ids * 64, "sigs holds fewer than RELAY_IDS signatures")
local idFormat = "%0" .. width .. "d"

local threads = {}

function setup(thread)
    thread:set("tid", #threads)
    table.insert(threads, thread)
end

-- Per thread (each has its own Lua state): tid is set by setup() before init().
counter = 0
wrapped = 0

function request()
    local id = offset + counter * nthreads + tid
    counter = counter + 1
    if id >= ids then
        wrapped = wrapped + 1
        id = id % ids
    end
    local sig = string.sub(sigs, id * 64 + 1, id * 64 + 64)
    local body = prefix .. string.format(idFormat, id) .. suffix
    return wrk.format("POST", nil, {
        ["Content-Type"] = "application/fhir+json",
        ["X-Signature"] = sig,
    }, body)
end

function done(summary, latency, requests)
    local maxCounter, totalWrapped = 0, 0
    for _, thread in ipairs(threads) do
        local c = thread:get("counter")
        if c > maxCounter then maxCounter = c end
        totalWrapped = totalWrapped + thread:get("wrapped")
    end
    io.write(string.format("relay-bench next_id=%d wrapped=%d\n", offset + maxCounter * nthreads, totalWrapped))
end
